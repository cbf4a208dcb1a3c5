package dev.warden.platform.db;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * The datasource class that {@link Database} declares: one class for both databases, so
 * {@code warden.db.url} alone chooses PostgreSQL ({@code jdbc:postgresql:...}) or the
 * embedded H2 file, with no server-side driver setup. The server's pool wraps it.
 */
public class WardenDataSource implements DataSource {

    private String url;
    private String user;
    private String password;
    private int connectTimeoutSeconds = DEFAULT_CONNECT_TIMEOUT_SECONDS;
    private long statementTimeoutMillis = DEFAULT_STATEMENT_TIMEOUT_MILLIS;
    private volatile DataSource delegate;

    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    /**
     * How long a pooled connection waits for any answer of the database: a database that
     * froze or a network that silently drops packets fails requests after this instead of
     * holding them (and their threads) until the operating system gives up, minutes later.
     * Every query Warden makes on a request is far shorter; migrations use their own
     * connection ({@link Database#unpooled()}).
     */
    static final int POOLED_SOCKET_TIMEOUT_SECONDS = 30;
    /**
     * How long one statement of a pooled connection may run, waits for row locks included
     * ({@code warden.db.statement-timeout-ms}): a statement blocked by another connection's
     * lock, or a database that crawls, ends with a 503 instead of holding its request
     * thread (DatabaseFailures). PostgreSQL only; 0 switches it off.
     */
    public static final long DEFAULT_STATEMENT_TIMEOUT_MILLIS = 5_000;

    public void setUrl(String url) {
        String value = configured("warden.db.url", url);
        this.url = value == null || value.isBlank() || value.trim().equals(Database.DEFAULT_URL_NAME)
                ? Database.DEFAULT_URL : value.trim();
        delegate = null;
    }
    public void setURL(String url) { setUrl(url); }
    public String getUrl() { return url; }
    public String getURL() { return url; }
    public void setUser(String user) { this.user = configured("warden.db.user", user); delegate = null; }
    public String getUser() { return user; }
    public void setPassword(String password) {
        this.password = configured("warden.db.password", password);
        delegate = null;
    }

    /**
     * A value of the datasource definition ({@link Database}) as the server handed it over,
     * or the setting it names where that is set. Payara resolves {@code ${MPCONFIG=key:default}}
     * to the setting itself. WildFly reads the same text in its own expression syntax, finds
     * no property of that odd name and hands over the default; a server that resolves
     * nothing would hand over the text as written. The setting, read as Payara reads it
     * ({@link Database#setting}), wins in every case, so each server reaches the same database.
     */
    static String configured(String key, String value) {
        String setting = Database.setting(key);
        if (setting != null) {
            return setting;
        }
        if (value != null && value.startsWith(EXPRESSION) && value.endsWith("}")) {
            int colon = value.indexOf(':', EXPRESSION.length());
            return colon < 0 ? null : value.substring(colon + 1, value.length() - 1);
        }
        return value;
    }

    private static final String EXPRESSION = "${MPCONFIG=";

    /**
     * How long opening a connection may take (from {@code warden.db.acquire-timeout-ms}),
     * rounded up to whole seconds as the PostgreSQL driver counts them. A
     * {@code connectTimeout} in the URL wins.
     */
    public void setConnectTimeoutMillis(String millis) {
        try {
            connectTimeoutSeconds = (int) Math.max(1,
                    (Long.parseLong(configured("warden.db.acquire-timeout-ms", millis).trim()) + 999) / 1000);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("warden.db.acquire-timeout-ms must be a number of milliseconds");
        }
        delegate = null;
    }

    /** From {@code warden.db.statement-timeout-ms}. */
    public void setStatementTimeoutMillis(String millis) {
        try {
            statementTimeoutMillis = Math.max(0,
                    Long.parseLong(configured("warden.db.statement-timeout-ms", millis).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("warden.db.statement-timeout-ms must be a number of milliseconds");
        }
        delegate = null;
    }

    private DataSource delegate() {
        DataSource current = delegate;
        if (current == null) {
            current = create(url, user, password, connectTimeoutSeconds, POOLED_SOCKET_TIMEOUT_SECONDS);
            if (current instanceof PGSimpleDataSource pg && statementTimeoutMillis > 0
                    && !url.contains("statement_timeout")) {
                pg.setOptions(pg.getOptions() + " -c statement_timeout=" + statementTimeoutMillis);
            }
            if (current instanceof PGSimpleDataSource pg && !url.contains("lock_timeout")) {
                // Lock waits are bounded by the statement timeout, the request's own bound. A
                // DBA's lock_timeout (postgresql.conf, ALTER DATABASE/ROLE) ended them sooner:
                // a login racing a password change, deactivation or role change, which waits
                // for the change's lock on the user row and then answers by the changed row,
                // answered 503 instead (found 2026-12-07 with every test PostgreSQL's
                // lock_timeout at 200 ms, it.DatabaseSettings).
                pg.setOptions(pg.getOptions() + " -c lock_timeout=0");
            }
            delegate = current;
        }
        return current;
    }

    public static DataSource create(String url, String user, String password) {
        return create(url, user, password, DEFAULT_CONNECT_TIMEOUT_SECONDS, 0);
    }

    static DataSource create(String url, String user, String password, int connectTimeoutSeconds,
                             int socketTimeoutSeconds) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("warden.db.url is empty");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            // Driver errors must not quote statement parameters (token hashes) into exceptions and logs.
            pg.setLogServerErrorDetail(false);
            java.util.Properties inUrl = org.postgresql.Driver.parseURL(url, null);
            if (inUrl != null && !inUrl.containsKey("connectTimeout")) {
                pg.setConnectTimeout(connectTimeoutSeconds);
            }
            if (inUrl != null && !inUrl.containsKey("loginTimeout")) {
                pg.setLoginTimeout(connectTimeoutSeconds);
            }
            if (inUrl != null && !inUrl.containsKey("socketTimeout")) {
                pg.setSocketTimeout(socketTimeoutSeconds);
            }
            if (notBlank(user)) {
                pg.setUser(user);
            }
            if (notBlank(password)) {
                pg.setPassword(password);
            }
            pg.setOptions(withReadCommitted(pg.getOptions()));
            return pg;
        }
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(notBlank(user) ? user : "sa");
            h2.setPassword(notBlank(password) ? password : "");
            return h2;
        }
        throw new IllegalStateException("warden.db.url must start with jdbc:postgresql: or jdbc:h2:");
    }

    /**
     * The server options of the URL ({@code options=...}), if any, then READ COMMITTED as
     * the session's default isolation, last so that it wins. Warden's statements are
     * written for it: a counter raised by {@code UPDATE ... WHERE hits < limit}, a refresh
     * token rotated by {@code UPDATE ... WHERE used_at IS NULL}, a row locked before a count
     * each wait for a concurrent change and then act on the row as it now is. A DBA's
     * {@code default_transaction_isolation} of serializable or repeatable read (postgresql.conf,
     * {@code ALTER DATABASE} or {@code ALTER ROLE}) made those waits end in serialization
     * failures instead: under concurrency, logins, refreshes and logouts answered 500, and
     * a logout-everywhere that failed left its sessions alive (found 2026-12-07, every test
     * PostgreSQL now runs with serializable as its default, {@code it.DatabaseSettings}).
     * Flyway's and the start-up's own connections get the same.
     */
    static String withReadCommitted(String options) {
        String mine = "-c default_transaction_isolation=read\\ committed";
        return options == null || options.isBlank() ? mine : options.trim() + " " + mine;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Whether the server's pool of this datasource cannot tell a dead connection: WildFly's
     * ({@link HealingConnection}), found by the home directory it sets.
     */
    static final boolean POOL_BLIND = System.getProperty("jboss.home.dir") != null;

    @Override
    public Connection getConnection() throws SQLException {
        return POOL_BLIND ? HealingConnection.open(() -> pooled(delegate().getConnection()))
                : pooled(delegate().getConnection());
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        // WildFly's pool asks with the definition's user and password (see configured)
        String password = configured("warden.db.password", pass);
        String user = configured("warden.db.user", username);
        String secret = password == null || password.isBlank() ? "" : password;
        return POOL_BLIND ? HealingConnection.open(() -> pooled(delegate().getConnection(user, secret)))
                : pooled(delegate().getConnection(user, secret));
    }

    /**
     * A new connection of the server's pool, with PostgreSQL's {@code idle_session_timeout}
     * (14 and later) switched off for it: the pool ends its own idle connections (Payara's
     * closes every connection idle for {@code maxIdleTime}, {@link Database}, and opens new
     * ones for its steady size). A DBA's timeout shorter than that ended pooled
     * connections under the pool, which Payara's pool then failed to hand out now and then
     * ("This Managed Connection is not valid as the physical connection is not usable"):
     * a request answered 503 and an outage was logged after a quiet spell (found
     * 2026-12-07, {@code DatabaseOutageIT} with a timeout of 1 s). Set after connecting,
     * not as a startup option, which PostgreSQL 13 would refuse.
     */
    private static Connection pooled(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)
                && connection.getMetaData().getDatabaseMajorVersion() >= 14) {
            try (Statement s = connection.createStatement()) {
                s.execute("SET idle_session_timeout = 0");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException { return delegate().getLogWriter(); }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException { delegate().setLogWriter(out); }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException { delegate().setLoginTimeout(seconds); }

    @Override
    public int getLoginTimeout() throws SQLException { return delegate().getLoginTimeout(); }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.warden.platform.db");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate().isWrapperFor(type);
    }
}
