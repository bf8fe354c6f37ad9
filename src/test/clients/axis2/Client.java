import com.avectra.www._2005.ArrayOfMailingListSetting;
import com.avectra.www._2005.Authenticate;
import com.avectra.www._2005.AuthorizationToken;
import com.avectra.www._2005.AuthorizationTokenE;
import com.avectra.www._2005.GetAllCustomerCommunicationPreferences;
import com.avectra.www._2005.GetCustomerCommunicationPreference;
import com.avectra.www._2005.GetCustomerCommunicationPreferenceHistory;
import com.avectra.www._2005.MailingListSetting;
import com.avectra.www._2005.MailingPerferenceStatus;
import com.avectra.www._2005.PreferenceChange;
import com.avectra.www._2005.PreferenceHistoryPage;
import com.avectra.www._2005.SetCustomerCommunicationPreferences;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.UUID;
import javax.xml.namespace.QName;
import org.apache.axiom.om.OMElement;
import org.apache.axiom.soap.SOAPHeader;
import org.apache.axis2.AxisFault;
import org.apache.axis2.client.Stub;
import org.apache.axis2.wsdl.WSDLConstants;
import xweb.axis2.NetForumXMLnetForumXMLSoap;
import xweb.axis2.NetForumXMLnetForumXMLSoap12Stub;
import xweb.axis2.NetForumXMLnetForumXMLSoapStub;

/**
 * Calls every operation through Apache Axis2 stubs (ADB data binding, made by
 * Axis2's WSDL2Java with -ap, one stub per port), as a Java integration built
 * on Axis2 does: the AuthorizationToken header is a parameter of each call,
 * and the one handed back is read from the response envelope. Prints one line
 * per port and exits 1 if any check failed.
 *
 *     java Client ADDRESS USER PASSWORD
 */
public class Client {

    private static final String NS = "http://www.avectra.com/2005/";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static int passed;
    private static int failed;

    public static void main(String[] args) throws Exception {
        boolean allPassed = run("SOAP 1.1", new NetForumXMLnetForumXMLSoapStub(args[0]), "Client", args[1], args[2]);
        allPassed &= run("SOAP 1.2", new NetForumXMLnetForumXMLSoap12Stub(args[0]), "Sender", args[1], args[2]);
        System.exit(allPassed ? 0 : 1);
    }

    private static boolean run(String port, Stub stub, String clientFault, String user, String password)
            throws Exception {
        passed = 0;
        failed = 0;
        NetForumXMLnetForumXMLSoap service = calls(stub);
        Authenticate login = new Authenticate();
        login.setUserName(user);
        login.setPassword(password);
        String token = service.authenticate(login).getAuthenticateResult();
        check("Authenticate returns a token", token != null && token.matches(GUID), token);
        String handedBack = handedBackToken(stub);
        check("Authenticate hands a token back in its header too", handedBack != null && handedBack.matches(GUID),
                handedBack);

        String customer = UUID.randomUUID().toString();
        MailingListSetting setting = new MailingListSetting();
        setting.setMailing_list_key(UUID.randomUUID().toString());
        setting.setMailing_list_name("Members & <friends> – café");
        setting.setMailing_list_category("Email Opt-In");
        setting.setStatus(MailingPerferenceStatus.OptOut);
        setting.setEmail_key(UUID.randomUUID().toString());
        SetCustomerCommunicationPreferences set = new SetCustomerCommunicationPreferences();
        set.setCustomerKey(customer);
        ArrayOfMailingListSetting settings = new ArrayOfMailingListSetting();
        settings.setMailingListSetting(new MailingListSetting[] {setting});
        set.setPreferences(settings);
        service.setCustomerCommunicationPreferences(set, header(token));
        token = handedBackToken(stub);
        check("a token comes back in the response header", token != null && token.matches(GUID), token);

        MailingListSetting[] all = getAll(service, customer, token);
        check("GetAll returns the one setting", all != null && all.length == 1, all == null ? null : all.length);
        if (all != null && all.length == 1) {
            check("its name survives the round trip", setting.getMailing_list_name().equals(all[0].getMailing_list_name()),
                    all[0].getMailing_list_name());
            check("its category", "Email Opt-In".equals(all[0].getMailing_list_category()), all[0].getMailing_list_category());
            check("its status", all[0].getStatus() == MailingPerferenceStatus.OptOut, all[0].getStatus());
            check("its email key", setting.getEmail_key().equals(all[0].getEmail_key()), all[0].getEmail_key());
            check("no address key", all[0].getAddress_key() == null, all[0].getAddress_key());
        }
        GetCustomerCommunicationPreference get = new GetCustomerCommunicationPreference();
        get.setCustomerKey(customer);
        get.setPreferenceTypeKey(setting.getMailing_list_key());
        MailingListSetting one = service.getCustomerCommunicationPreference(get, header(token)).getMailing_list_setting();
        check("Get returns it", one != null && one.getStatus() == MailingPerferenceStatus.OptOut, one);

        GetCustomerCommunicationPreferenceHistory history = new GetCustomerCommunicationPreferenceHistory();
        history.setCustomerKey(customer);
        PreferenceHistoryPage page = service.getCustomerCommunicationPreferenceHistory(history, header(token))
                .getGetCustomerCommunicationPreferenceHistoryResult();
        PreferenceChange[] entries = page.getEntries() == null ? null : page.getEntries().getPreferenceChange();
        check("the history has the change", entries != null && entries.length == 1, entries == null ? null : entries.length);
        if (entries != null && entries.length == 1) {
            check("with no status before it", entries[0].getStatus_before() == null, entries[0].getStatus_before());
            check("and the user who made it", user.equals(entries[0].getChanged_by()), entries[0].getChanged_by());
            check("and when", entries[0].getChanged_at() != null, entries[0].getChanged_at());
        }
        check("and no next page", page.getContinuationToken() == null, page.getContinuationToken());
        MailingListSetting[] none = getAll(service, UUID.randomUUID().toString(), token);
        check("GetAll of an unknown customer is empty", none == null || none.length == 0, none == null ? null : none.length);

        String known = token;
        expectFault("a key that is no GUID", clientFault, "customerKey", () -> getAll(service, "not-a-guid", known));
        expectFault("a call without a token", clientFault, "AuthorizationToken.Token", () -> getAll(service, customer, null));
        expectFault("a token never issued", clientFault, "AuthorizationToken.Token",
                () -> getAll(service, customer, UUID.randomUUID().toString()));

        System.out.println("Axis2 " + port + ": " + passed + " checks passed, " + failed + " failed");
        return failed == 0;
    }

    /**
     * The port's calls through one interface: WSDL2Java makes an interface of
     * its own for each port, with the same methods.
     */
    private static NetForumXMLnetForumXMLSoap calls(Stub stub) {
        return (NetForumXMLnetForumXMLSoap) Proxy.newProxyInstance(Client.class.getClassLoader(),
                new Class<?>[] {NetForumXMLnetForumXMLSoap.class}, (proxy, method, arguments) -> {
                    try {
                        return stub.getClass().getMethod(method.getName(), method.getParameterTypes())
                                .invoke(stub, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static MailingListSetting[] getAll(NetForumXMLnetForumXMLSoap service, String customer, String token)
            throws Exception {
        GetAllCustomerCommunicationPreferences request = new GetAllCustomerCommunicationPreferences();
        request.setCustomerKey(customer);
        ArrayOfMailingListSetting all = service.getAllCustomerCommunicationPreferences(request, header(token))
                .getGetAllCustomerCommunicationPreferencesResult();
        return all == null ? null : all.getMailingListSetting();
    }

    /** The header to send; none at all where the token is null. */
    private static AuthorizationTokenE header(String token) {
        if (token == null) {
            return null;
        }
        AuthorizationToken value = new AuthorizationToken();
        value.setToken(token);
        AuthorizationTokenE header = new AuthorizationTokenE();
        header.setAuthorizationToken(value);
        return header;
    }

    /** The Token of the AuthorizationToken header of the last response: ADB stubs return only the body. */
    private static String handedBackToken(Stub stub) throws AxisFault {
        SOAPHeader header = stub._getServiceClient().getLastOperationContext()
                .getMessageContext(WSDLConstants.MESSAGE_LABEL_IN_VALUE).getEnvelope().getHeader();
        if (header == null) {
            return null;
        }
        OMElement authorization = header.getFirstChildWithName(new QName(NS, "AuthorizationToken"));
        OMElement value = authorization == null ? null : authorization.getFirstChildWithName(new QName(NS, "Token"));
        return value == null ? null : value.getText();
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void expectFault(String what, String code, String field, Call call) {
        try {
            call.run();
            check(what + " is a fault", false, "no fault");
        } catch (AxisFault fault) {
            QName seen = fault.getFaultCode();
            check(what + " is a " + code + " fault", seen != null && code.equals(seen.getLocalPart()), seen);
            check(what + ": the message names " + field, fault.getMessage() != null
                    && fault.getMessage().startsWith(field + ":"), fault.getMessage());
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
