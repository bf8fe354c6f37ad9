package org.xwebpreferences.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A tool a test needs beyond the JDK and Maven (PostgreSQL, an independent
 * SOAP client). Where it is missing the test is skipped, as the README promises
 * that {@code mvn -B verify} runs with only a JDK and Maven; but where
 * {@code XWEB_TEST_REQUIRE_ALL=true}, as {@code .ci/run} sets it after
 * installing every tool, a missing one fails the test: CI must not go green by
 * skipping what it was meant to run.
 */
public final class Prerequisite {

    private static final String REQUIRE_ALL = "XWEB_TEST_REQUIRE_ALL";

    private Prerequisite() {
    }

    /** Skips the test, or fails it where every tool is required, unless {@code present}. */
    public static void require(boolean present, String whatIsMissing) {
        if (!present) {
            missing(whatIsMissing);
        }
    }

    /** Skips the test, or fails it where every tool is required; returns only to keep the compiler content. */
    public static RuntimeException missing(String whatIsMissing) {
        if (Boolean.parseBoolean(System.getenv(REQUIRE_ALL))) {
            Assertions.fail(whatIsMissing + " (" + REQUIRE_ALL + " is set: every tool the tests use is required)");
        }
        Assumptions.abort(whatIsMissing);
        return new IllegalStateException(whatIsMissing);
    }
}
