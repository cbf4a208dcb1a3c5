package dev.warden.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/**
 * A read under a transaction rule, for code whose fast path must not pay for the
 * interceptor: a view of {@link ClusterCache} answers a hit from memory and calls the
 * database only on a miss, through here. Payara's transactional interceptor on every hit
 * (an HK2 lookup of the current invocation, the annotation read again, and for
 * {@code NOT_SUPPORTED} the caller's transaction suspended and resumed) was ~2.7 % of a
 * bearer GET's CPU.
 */
@ApplicationScoped
public class Reads {

    /** In the caller's transaction if there is one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <T> T supports(Supplier<T> read) {
        return read.get();
    }

    /** Outside any transaction: what it loads is no caller's managed entity. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <T> T outsideTransaction(Supplier<T> read) {
        return read.get();
    }
}
