import java.net.URL;
import java.util.UUID;
import org.apache.axis.AxisFault;
import org.apache.axis.client.Stub;
import org.apache.axis.message.SOAPHeaderElement;
import xweb.axis.MailingListSetting;
import xweb.axis.MailingPerferenceStatus;
import xweb.axis.NetForumXMLLocator;
import xweb.axis.NetForumXMLSoap_PortType;
import xweb.axis.PreferenceChange;
import xweb.axis.PreferenceHistoryPage;

/**
 * Calls every operation through Axis 1.4 stubs, on both ports, as an older
 * Java integration does: the AuthorizationToken header set by hand on the
 * stub (Axis generates no parameter for it), and read back from the response.
 * Prints one line per port and exits 1 if any check failed.
 *
 *     java Client ADDRESS USER PASSWORD
 */
public class Client {

    private static final String NS = "http://www.avectra.com/2005/";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static int passed;
    private static int failed;

    public static void main(String[] args) throws Exception {
        URL address = new URL(args[0]);
        NetForumXMLLocator locator = new NetForumXMLLocator();
        boolean allPassed = run("SOAP 1.1", locator.getnetForumXMLSoap(address), "Client", args[1], args[2]);
        allPassed &= run("SOAP 1.2", locator.getnetForumXMLSoap12(address), "Sender", args[1], args[2]);
        System.exit(allPassed ? 0 : 1);
    }

    private static boolean run(String port, NetForumXMLSoap_PortType service, String clientFault, String user,
                               String password) throws Exception {
        passed = 0;
        failed = 0;
        Stub stub = (Stub) service;
        String token = service.authenticate(user, password);
        check("Authenticate returns a token", token != null && token.matches(GUID), token);

        useToken(stub, token);
        String customer = UUID.randomUUID().toString();
        MailingListSetting setting = new MailingListSetting();
        setting.setMailing_list_key(UUID.randomUUID().toString());
        setting.setMailing_list_name("Members & <friends> – café");
        setting.setMailing_list_category("Email Opt-In");
        setting.setStatus(MailingPerferenceStatus.OptOut);
        setting.setEmail_key(UUID.randomUUID().toString());
        service.setCustomerCommunicationPreferences(customer, new MailingListSetting[] {setting});
        SOAPHeaderElement handedBack = stub.getResponseHeader(NS, "AuthorizationToken");
        check("a token comes back in the response header", handedBack != null
                && handedBack.getChildElements().hasNext(), handedBack);

        MailingListSetting[] all = service.getAllCustomerCommunicationPreferences(customer);
        check("GetAll returns the one setting", all != null && all.length == 1, all == null ? null : all.length);
        if (all != null && all.length == 1) {
            check("its name survives the round trip", setting.getMailing_list_name().equals(all[0].getMailing_list_name()),
                    all[0].getMailing_list_name());
            check("its category", "Email Opt-In".equals(all[0].getMailing_list_category()), all[0].getMailing_list_category());
            check("its status", all[0].getStatus() == MailingPerferenceStatus.OptOut, all[0].getStatus());
            check("its email key", setting.getEmail_key().equals(all[0].getEmail_key()), all[0].getEmail_key());
            check("no address key", all[0].getAddress_key() == null, all[0].getAddress_key());
        }
        MailingListSetting one = service.getCustomerCommunicationPreference(customer, setting.getMailing_list_key());
        check("Get returns it", one != null && one.getStatus() == MailingPerferenceStatus.OptOut, one);

        PreferenceHistoryPage history = service.getCustomerCommunicationPreferenceHistory(customer, null, null, null,
                null, null);
        PreferenceChange[] entries = history.getEntries();
        check("the history has the change", entries != null && entries.length == 1, entries == null ? null : entries.length);
        if (entries != null && entries.length == 1) {
            check("with no status before it", entries[0].getStatus_before() == null, entries[0].getStatus_before());
            check("and the user who made it", user.equals(entries[0].getChanged_by()), entries[0].getChanged_by());
        }
        MailingListSetting[] none = service.getAllCustomerCommunicationPreferences(UUID.randomUUID().toString());
        check("GetAll of an unknown customer is empty", none == null || none.length == 0, none == null ? null : none.length);

        expectFault("a key that is no GUID", clientFault, "customerKey",
                () -> service.getAllCustomerCommunicationPreferences("not-a-guid"));
        stub.clearHeaders();
        expectFault("a call without a token", clientFault, "AuthorizationToken.Token",
                () -> service.getAllCustomerCommunicationPreferences(customer));
        useToken(stub, UUID.randomUUID().toString());
        expectFault("a token never issued", clientFault, "AuthorizationToken.Token",
                () -> service.getAllCustomerCommunicationPreferences(customer));
        stub.clearHeaders();

        System.out.println("Axis 1.4 " + port + ": " + passed + " checks passed, " + failed + " failed");
        return failed == 0;
    }

    private static void useToken(Stub stub, String token) throws Exception {
        stub.clearHeaders();
        SOAPHeaderElement header = new SOAPHeaderElement(NS, "AuthorizationToken");
        header.addChildElement("Token").addTextNode(token);
        stub.setHeader(header);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void expectFault(String what, String code, String field, Call call) {
        try {
            call.run();
            check(what + " is a fault", false, "no fault");
        } catch (AxisFault fault) {
            check(what + " is a " + code + " fault", code.equals(fault.getFaultCode().getLocalPart()),
                    fault.getFaultCode());
            check(what + ": the message names " + field, fault.getFaultString() != null
                    && fault.getFaultString().startsWith(field + ":"), fault.getFaultString());
        } catch (Exception e) {
            check(what + " is a SOAP fault", false, e);
        }
    }

    private static void check(String what, boolean ok, Object seen) {
        if (ok) {
            passed++;
        } else {
            failed++;
            System.out.println("FAILED: " + what + " (saw " + seen + ")");
        }
    }
}
