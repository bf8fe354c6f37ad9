package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parameters of the history operation: what is accepted, and how each mistake is named. */
class HistoryRequestsTest {

    private static final String CUSTOMER = "fadff57b-c6ef-4130-be1e-07000a38056f";

    @Test
    void defaultsToTheNewest100OfEveryList() {
        HistoryQuery query = HistoryRequests.parse(CUSTOMER.toUpperCase(), null, null, null, null, null);

        assertThat(query.customerKey()).hasToString(CUSTOMER);
        assertThat(query.mailingListKey()).isNull();
        assertThat(query.pageSize()).isEqualTo(100);
        assertThat(query.from()).isNull();
        assertThat(query.cursor()).isNull();
    }

    @Test
    void readsTimesWithAnOffsetWithoutOneAndDatesAlone() {
        HistoryQuery query = HistoryRequests.parse(CUSTOMER, null, "2026-01-31T12:00:00+02:00", "2026-02-01", "5", "");

        assertThat(query.from()).isEqualTo(Instant.parse("2026-01-31T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(query.pageSize()).isEqualTo(5);
        assertThat(HistoryRequests.parse(CUSTOMER, null, "2026-01-31T12:00:00", null, null, null).from())
                .isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
    }

    @Test
    void takesUnicodeWhiteSpaceAroundTimesAndPageSizesAsAroundKeys() {
        HistoryQuery query = HistoryRequests.parse("\u00a0" + CUSTOMER + "\u3000", null, "\u20072026-01-01\u202f",
                null, "\u30005\u00a0", "\u0085");

        assertThat(query.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(query.pageSize()).isEqualTo(5);
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, "\u001c5", null))
                .hasMessageContaining("is not a whole number from 1 to");
    }

    /** XML Schema's date may carry an offset: it was refused as not ISO-8601 (audit). */
    @Test
    void aDateWithAnOffsetIsItsMidnightThere() {
        assertThat(HistoryRequests.parse(CUSTOMER, null, "2026-01-31Z", "2026-02-01+01:00", null, null))
                .extracting(HistoryQuery::from, HistoryQuery::to)
                .containsExactly(Instant.parse("2026-01-31T00:00:00Z"), Instant.parse("2026-01-31T23:00:00Z"));
        assertThat(HistoryRequests.parse(CUSTOMER, null, "2026-01-31t12:00:00z", null, null, null).from())
                .as("RFC 3339's lower case").isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "2026-01-31 12:00", null, null, null))
                .hasMessageStartingWith("from: '2026-01-31 12:00' is not an ISO-8601 time");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "2026-02-30", null, null, null))
                .hasMessageStartingWith("from: '2026-02-30' is not an ISO-8601 time");
    }

    @Test
    void namesEachBadParameter() {
        assertThatThrownBy(() -> HistoryRequests.parse("?", null, null, null, null, null))
                .hasMessageStartingWith("customerKey: '?' is not a GUID");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, "x", null, null, null, null))
                .hasMessageStartingWith("mailingListKey: 'x' is not a GUID");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "31/01/2026", null, null, null))
                .hasMessage("from: '31/01/2026' is not an ISO-8601 time (e.g. 2026-01-31T12:00:00Z or 2026-01-31)");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "2026-02-01", "2026-01-01", null, null))
                .hasMessage("to: must be later than from (2026-02-01T00:00:00Z)");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, "1001", null))
                .hasMessage("pageSize: '1001' is not a whole number from 1 to 1000");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, "ten", null))
                .hasMessage("pageSize: 'ten' is not a whole number from 1 to 1000");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, null, "abc"))
                .hasMessage("continuationToken: 'abc' is not a continuation token this server issued for this"
                        + " customer, list and time window: start again without one");
    }

    @Test
    void timesOutsideTheYears1To9999AreRefusedByName() {
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, "+294277-01-01T00:00:00Z", null, null))
                .hasMessage("to: '+294277-01-01T00:00:00Z' is outside the years 0001 to 9999 (in UTC)");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "+999999999-12-31T23:59:59Z", null, null, null))
                .hasMessage("from: '+999999999-12-31T23:59:59Z' is outside the years 0001 to 9999 (in UTC)");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "0000-12-31T23:59:59Z", null, null, null))
                .hasMessage("from: '0000-12-31T23:59:59Z' is outside the years 0001 to 9999 (in UTC)");
        assertThat(HistoryRequests.parse(CUSTOMER, null, "0001-01-01", "9999-12-31T23:59:59.999Z", null, null).to())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
    }

    /** The limits the message names are page sizes a client may ask for, both of them. */
    @Test
    void takesEveryPageSizeFromOneTo1000AndNoneOutside() {
        assertThat(HistoryRequests.parse(CUSTOMER, null, null, null, "1", null).pageSize()).isEqualTo(1);
        assertThat(HistoryRequests.parse(CUSTOMER, null, null, null, "1000", null).pageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, "0", null))
                .hasMessage("pageSize: '0' is not a whole number from 1 to 1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uff11\uff10", "\u0661\u0660", "+10", "-1", "1e2", "0x10", "10.0"})
    void aPageSizeIsPlainDigits(String pageSize) {
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, null, null, pageSize, null))
                .hasMessage("pageSize: '" + pageSize + "' is not a whole number from 1 to 1000");
    }

    @Test
    void aContinuationTokenRoundTripsToTheMicrosecond() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("2026-11-26T23:24:59.716875Z"), 42);
        String token = cursor.token(HistoryRequests.parse(CUSTOMER, null, null, null, null, null).cursorScope());

        assertThat(HistoryRequests.parse(CUSTOMER, null, null, null, "5", token).cursor())
                .as("the page size may change from page to page").isEqualTo(cursor);
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aContinuationTokenCutShortAlteredOrSentWithAnotherQueryIsRefused() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("2026-11-26T23:24:59.716875Z"), 6328);
        String list = "b31c52e4-29c1-4a65-8c53-0626342c920d";
        String token = cursor.token(HistoryRequests.parse(CUSTOMER, list, "2026-01-01", null, null, null).cursorScope());
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        String otherCustomer = "11111111-1111-1111-1111-111111111111";

        assertThat(HistoryRequests.parse(CUSTOMER.toUpperCase(), "{" + list + "}", "2026-01-01T00:00:00Z", null, null,
                token).cursor()).as("the same query in other spellings").isEqualTo(cursor);
        for (String refused : List.of(token.substring(0, token.length() - 2),
                Base64.getUrlEncoder().withoutPadding().encodeToString(text.replace(":6328:", ":6329:")
                        .getBytes(StandardCharsets.US_ASCII)),
                Base64.getUrlEncoder().withoutPadding().encodeToString("h1:1795833934145421:6328"
                        .getBytes(StandardCharsets.US_ASCII)))) {
            assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, list, "2026-01-01", null, null, refused))
                    .as(refused).hasMessageContaining("is not a continuation token this server issued");
        }
        assertThatThrownBy(() -> HistoryRequests.parse(otherCustomer, list, "2026-01-01", null, null, token))
                .hasMessageContaining("is not a continuation token this server issued for this customer");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, null, "2026-01-01", null, null, token))
                .as("without the list").hasMessageContaining("is not a continuation token");
        assertThatThrownBy(() -> HistoryRequests.parse(CUSTOMER, list, null, null, null, token))
                .as("without the time window").hasMessageContaining("is not a continuation token");
    }
}
