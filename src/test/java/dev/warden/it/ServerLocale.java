package dev.warden.it;

import java.util.List;

/**
 * The servers of the test run are in a locale whose defaults differ from English where code
 * most often trips over them: Turkish on Payara (the dotted and dotless i: "ADMIN".toLowerCase()
 * has a dotless i there), Arabic of Saudi Arabia on WildFly (Arabic-Indic digits: String.format("%d",
 * 10) is not "10" there). Operators run servers in every locale; a default formatter or case rule in
 * a query, a header, a key or a comparison shows up in the tests of one of the two runs.
 * Neither is in UTC either, and both keep summer time: Payara in St. John's (UTC-3:30), WildFly
 * on Lord Howe Island (UTC+10:30, half an hour more in summer); the database and the tests stay
 * in UTC, so a time that took the server's zone on its way shows up too. Payara's default
 * charset is US-ASCII, as on JDK 17 in a container without a locale (POSIX): text turned into
 * bytes or back without a charset (a password, a mail, a body) shows up as well.
 */
final class ServerLocale {

    private ServerLocale() {
    }

    /** Payara's (Micro, shared or not, and PayaraServerIT's domain). */
    static final List<String> PAYARA = List.of("-Duser.language=tr", "-Duser.country=TR",
            "-Duser.timezone=America/St_Johns", "-Dfile.encoding=US-ASCII");
    /** WildFly's, shared or not (WildFlyProcess takes the shared server's options). */
    static final List<String> WILDFLY = List.of("-Duser.language=ar", "-Duser.country=SA",
            "-Duser.timezone=Australia/Lord_Howe");

    /** The shared server's. */
    static List<String> options() {
        return WardenServer.onWildFly() ? WILDFLY : PAYARA;
    }
}
