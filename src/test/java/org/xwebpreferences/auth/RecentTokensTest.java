package org.xwebpreferences.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xwebpreferences.support.FakeTokenStore;
import org.xwebpreferences.support.MutableClock;

/** A token checked a moment ago is not read from the database again, for five seconds at most. */
class RecentTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeTokenStore store = new FakeTokenStore();

    private TokenService service(Duration lifetime) {
        return new TokenService(store, clock, new SecureRandom(), lifetime, false);
    }

    @Test
    void callsWithinFiveSecondsReadTheTokenOnce() {
        TokenService tokens = service(Duration.ofMinutes(30));
        String token = tokens.issue(new User(1, "user-1", "hash", true));

        for (int i = 0; i < 10; i++) {
            tokens.check(token);
            clock.advance(Duration.ofMillis(400));
        }

        assertThat(store.finds()).isEqualTo(1);
        clock.advance(RecentTokens.MAX_AGE);
        tokens.check(token);
        assertThat(store.finds()).isEqualTo(2);
    }

    @Test
    void aRevokedTokenStopsWorkingWithinFiveSeconds() {
        TokenService tokens = service(Duration.ofMinutes(30));
        String token = tokens.issue(new User(1, "user-1", "hash", true));
        tokens.check(token);

        store.deleteForUser(1);

        assertThat(tokens.check(token).userName()).isEqualTo("user-1");
        clock.advance(RecentTokens.MAX_AGE);
        assertThatThrownBy(() -> tokens.check(token)).hasMessageContaining("unknown or has expired");
    }

    /** A clock set back by ten minutes kept a revoked token working for ten minutes, not five seconds (code review). */
    @Test
    void aClockSetBackDoesNotKeepARevokedTokenWorking() {
        TokenService tokens = service(Duration.ofMinutes(30));
        String token = tokens.issue(new User(1, "user-1", "hash", true));
        tokens.check(token);

        clock.advance(Duration.ofMinutes(-10));
        store.deleteForUser(1);

        assertThatThrownBy(() -> tokens.check(token)).hasMessageContaining("unknown or has expired");
    }

    @Test
    void theCacheNeverExtendsAToken() {
        TokenService tokens = service(Duration.ofSeconds(3));
        String token = tokens.issue(new User(1, "user-1", "hash", true));
        tokens.check(token);

        clock.advance(Duration.ofSeconds(3));

        assertThat(store.finds()).isEqualTo(1);
        assertThatThrownBy(() -> tokens.check(token)).hasMessageContaining("unknown or has expired");
    }
}
