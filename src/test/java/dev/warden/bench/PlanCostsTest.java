package dev.warden.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlanCostsTest {

    static final String LOG = """
            2026-12-07 05:00:00.000 UTC [123] LOG:  duration: 0.050 ms  plan:
            \tQuery Text: select u1_0.id from users u1_0 where u1_0.id=$1
            \tIndex Scan using users_pkey on users u1_0  (cost=0.42..8.44 rows=1 width=16) (actual time=0.01..0.01 rows=1 loops=1)
            2026-12-07 05:00:00.100 UTC [123] LOG:  duration: 1.500 ms  plan:
            \tQuery Text: select count(*) from audit_events a1_0 where a1_0.type=$1
            \tAggregate  (cost=150000.00..150000.01 rows=1 width=8) (actual time=1.4..1.4 rows=1 loops=1)
            \t  ->  Seq Scan on audit_events a1_0  (cost=0.00..125000.00 rows=10000000 width=0)
            2026-12-07 05:00:00.200 UTC [124] LOG:  duration: 1.600 ms  plan:
            \tQuery Text: select count(*) from audit_events a1_0 where a1_0.type=$1
            \tAggregate  (cost=160000.00..160000.50 rows=1 width=8) (actual time=1.5..1.5 rows=1 loops=1)
            2026-12-07 05:00:00.300 UTC [124] LOG:  statement: select 1
            """;

    @Test
    void listsEachStatementPricedAboveTheThresholdOnceWithItsHighestTotal() {
        assertEquals("- 160,001: `select count(*) from audit_events a1_0 where a1_0.type=$1`\n",
                PlanCosts.aboveJitThreshold(LOG, 100_000, Map.of()));
        assertEquals("None.\n", PlanCosts.aboveJitThreshold(LOG, 200_000, Map.of()));
        assertEquals("- 8: `select u1_0.id from users u1_0 where u1_0.id=$1`\n"
                + "- 160,001: `select count(*) from audit_events a1_0 where a1_0.type=$1`\n",
                PlanCosts.aboveJitThreshold(LOG, 1, Map.of()), "the top node's total, not a child's");
    }

    @Test
    void aStatementOfAFunctionDeclaredWithJitOffSaysSo() {
        assertEquals("- 160,001: `select count(*) from audit_events a1_0 where a1_0.type=$1` (in `counts`, declared "
                        + "with jit = off: not compiled)\n",
                PlanCosts.aboveJitThreshold(LOG, 100_000, Map.of("other", "select 1",
                        "counts", "begin\n  return query select count(*) from audit_events a1_0 where a1_0.type=$1;\nend")));
    }
}
