package dev.warden.platform.problem;

import dev.warden.platform.db.DatabaseStatus;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A transaction that failed at commit ({@code @Transactional} wraps that in a
 * {@link TransactionalException}), answered like every other failure: a 503 if the
 * database went away meanwhile, else a 500 with an incident id. Jersey's CDI module
 * brings a mapper for this type that rethrows, which ends in an empty 500; the higher
 * priority (lower value) makes this one win.
 */
@Provider
@Priority(100)
public class TransactionProblemMapper implements ExceptionMapper<TransactionalException> {

    @Inject
    DatabaseStatus database;

    @Override
    public Response toResponse(TransactionalException e) {
        return UnexpectedProblemMapper.answer(e, database);
    }
}
