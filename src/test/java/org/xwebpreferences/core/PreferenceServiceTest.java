package org.xwebpreferences.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PreferenceServiceTest {

    private static final String CUSTOMER = "fadff57b-c6ef-4130-be1e-07000a38056f";
    private static final String LIST_1 = "b31c52e4-29c1-4a65-8c53-0626342c920d";
    private static final String LIST_2 = "6cc179ee-99c3-4b6b-8bab-36574550a5e5";
    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123Z");

    /** Remembers every upsert call; finds rows as a database would. */
    private static final class FakeStore implements PreferenceStore {
        record Upsert(PreferenceChange change, ChangeRecord record) {
        }

        final List<Upsert> upserts = new ArrayList<>();

        @Override
        public void upsert(PreferenceChange change, ChangeRecord record) {
            upserts.add(new Upsert(change, record));
        }

        @Override
        public List<MailingListPreference> findAll(Guid customerKey, AnswerRoom room) {
            return rows(customerKey).sorted(Comparator.comparing(MailingListPreference::mailingListKey)).toList();
        }

        @Override
        public Optional<MailingListPreference> find(Guid customerKey, Guid mailingListKey) {
            return rows(customerKey).filter(p -> p.mailingListKey().equals(mailingListKey)).reduce((a, b) -> b);
        }

        private Stream<MailingListPreference> rows(Guid customerKey) {
            return upserts.stream().filter(u -> u.change().customerKey().equals(customerKey))
                    .flatMap(u -> u.change().settings().stream());
        }
    }

    private final FakeStore store = new FakeStore();
    private final PreferenceService service = new PreferenceService(store, query -> new HistoryPage(List.of(), null),
            new PreferenceValidator(10), Clock.fixed(NOW, ZoneOffset.UTC));
    private static final Caller CALLER = new Caller("crm-sync", Caller.SOAP, "c-1");

    private static PreferenceInput setting(String listKey, String status) {
        return new PreferenceInput(listKey, "Name", "Category", status, null, null, null, null);
    }

    @Test
    void setStoresTheValidatedChangeInOneCallWithTheUserAndTheClocksTime() {
        service.set("{" + CUSTOMER.toUpperCase() + "}",
                List.of(setting(LIST_1, "OptIn"), setting(LIST_2.toUpperCase(), "OptOut"))).runFor(CALLER);

        assertThat(store.upserts).hasSize(1);
        FakeStore.Upsert upsert = store.upserts.get(0);
        assertThat(upsert.record()).isEqualTo(new ChangeRecord(NOW, "crm-sync", Caller.SOAP, "c-1"));
        assertThat(upsert.change().customerKey()).hasToString(CUSTOMER);
        assertThat(upsert.change().settings()).extracting(p -> p.mailingListKey().toString(), MailingListPreference::status)
                .containsExactly(
                        tuple(LIST_1, PreferenceStatus.OptIn),
                        tuple(LIST_2, PreferenceStatus.OptOut));
    }

    @Test
    void anInvalidRequestChangesNothingEvenWhenItsFirstSettingIsValid() {
        assertThatThrownBy(() -> service.set(CUSTOMER,
                List.of(setting(LIST_1, "OptIn"), setting(LIST_2, "optout"))))
                .isInstanceOf(XwebError.class)
                .hasMessage("preferences[2].status: 'optout' is not one of OptIn, OptOut, Undefined");

        assertThat(store.upserts).isEmpty();
        assertThat(service.getAll(CUSTOMER, AnswerRoom.UNBOUNDED).runFor(CALLER)).isEmpty();
    }

    @Test
    void checkingARequestStoresNothingUntilItRunsForACaller() {
        PreferenceService.Checked<Void> checked = service.set(CUSTOMER, List.of(setting(LIST_1, "OptIn")));

        assertThat(store.upserts).isEmpty();
        checked.runFor(CALLER);
        assertThat(store.upserts).hasSize(1);
    }

    @Test
    void getAnswersUndefinedForAMailingListWithNothingStored() {
        MailingListPreference answer = service.get(CUSTOMER, "{" + LIST_1.toUpperCase() + "}").runFor(CALLER);

        assertThat(answer).isEqualTo(new MailingListPreference(Guid.parse("k", LIST_1), null, null,
                PreferenceStatus.Undefined, null, null, null, null));
        assertThat(answer.mailingListKey()).hasToString(LIST_1);
    }

    @Test
    void getAnswersTheStoredSetting() {
        service.set(CUSTOMER, List.of(setting(LIST_1, "OptOut"))).runFor(CALLER);

        MailingListPreference answer = service.get(CUSTOMER.toUpperCase(), LIST_1).runFor(CALLER);

        assertThat(answer.status()).isEqualTo(PreferenceStatus.OptOut);
        assertThat(answer.mailingListName()).isEqualTo("Name");
        assertThat(answer.mailingListCategory()).isEqualTo("Category");
    }

    @Test
    void getNamesTheBadKeyByItsWireName() {
        assertThatThrownBy(() -> service.get("?", LIST_1))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("customerKey"))
                .hasMessage("customerKey: '?' is not a GUID (expected 8-4-4-4-12 hex digits)");
        assertThatThrownBy(() -> service.get(CUSTOMER, "list-1"))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.field()).isEqualTo("preferenceTypeKey"))
                .hasMessage("preferenceTypeKey: 'list-1' is not a GUID (expected 8-4-4-4-12 hex digits)");
        assertThatThrownBy(() -> service.get(CUSTOMER, null)).hasMessage("preferenceTypeKey: is required");
    }

    /** The order is the store's (StoreContract); the service finds the customer however its key is written. */
    @Test
    void getAllReturnsOnlyThatCustomersSettingsWhateverTheCaseAndBracesOfItsKey() {
        service.set(CUSTOMER, List.of(setting(LIST_1, "OptIn"), setting(LIST_2, "OptOut"))).runFor(CALLER);
        service.set("00000000-0000-0000-0000-000000000001", List.of(setting(LIST_1, "OptOut"))).runFor(CALLER);

        assertThat(service.getAll("{" + CUSTOMER.toUpperCase() + "}", AnswerRoom.UNBOUNDED).runFor(CALLER))
                .extracting(p -> p.mailingListKey().toString() + " " + p.status())
                .containsExactlyInAnyOrder(LIST_1 + " OptIn", LIST_2 + " OptOut");
    }

    @Test
    void getAllRequiresAValidCustomerKey() {
        assertThatThrownBy(() -> service.getAll("", AnswerRoom.UNBOUNDED))
                .isInstanceOfSatisfying(XwebError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessage("customerKey: is required");
    }
}
