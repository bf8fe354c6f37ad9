package org.xwebpreferences.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelationIdsTest {

    private final CorrelationIds ids = new CorrelationIds();

    @Test
    void newIdsAreSixteenHexDigitsAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.newId();
            assertTrue(id.matches("[0-9a-f]{16}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void keepsAPlainIdFromTheClient() {
        assertEquals("order-42:retry.1", ids.forRequest("order-42:retry.1"));
    }

    @Test
    void replacesAnIdThatCouldForgeLogLines() {
        String id = ids.forRequest("x\nprotocol=SOAP outcome=success");
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertTrue(ids.forRequest("a".repeat(65)).matches("[0-9a-f]{16}"), "an id over 64 characters is replaced");
    }
}
