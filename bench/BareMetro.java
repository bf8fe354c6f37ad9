import com.sun.net.httpserver.HttpServer;
import jakarta.jws.WebService;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.Holder;
import java.io.IOException;
import org.xwebpreferences.soap.generated.ArrayOfMailingListSetting;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.MailingListSetting;
import org.xwebpreferences.soap.generated.NetForumXMLSoap;
import org.xwebpreferences.soap.generated.PreferenceHistoryPage;

/**
 * A reference point for SOAP GetAll: the bare Metro endpoint of our WSDL on
 * the same embedded HTTP server as the ceiling (StaticResponder's set-up:
 * TCP_NODELAY, a backlog of 1024, 64 workers), answering GetAll with the same two settings the
 * benchmark's customers hold, from memory: no token check, no envelope
 * check, no database, no access log, no metrics. What it reaches is what
 * Metro itself leaves of the ceiling on this machine, the most any server
 * built on it could reach.
 *
 * Compiled with StaticResponder.java (its HTTP server set-up) against the
 * server's jar (Metro and the generated types), as bench/run.sh does:
 *   javac -cp target/xweb-server.jar -d DIR bench/BareMetro.java bench/StaticResponder.java
 *   java -Dsun.net.httpserver.nodelay=true -cp target/xweb-server.jar:DIR BareMetro PORT [WORKERS]
 * PORT 0 picks a free port; the address is printed on standard output when ready.
 */
public final class BareMetro {

    static final String PATH = "/xWeb/Secure/netForumXML.asmx";

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: BareMetro PORT [WORKERS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 64; // as the server's --workers
        HttpServer server = StaticResponder.setUpAsTheServer(port, workers, "metro-worker-");
        Endpoint.create(new Preferences()).publish(server.createContext(PATH));
        server.start();
        System.out.println("bare Metro listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** GetAll answers the benchmark's two settings; nothing else is measured. */
    @WebService(endpointInterface = "org.xwebpreferences.soap.generated.NetForumXMLSoap",
            serviceName = "netForumXML", portName = "netForumXMLSoap", targetNamespace = "http://www.avectra.com/2005/")
    public static final class Preferences implements NetForumXMLSoap {

        @Override
        public ArrayOfMailingListSetting getAllCustomerCommunicationPreferences(
                String customerKey, Holder<AuthorizationToken> authorizationToken) {
            ArrayOfMailingListSetting array = new ArrayOfMailingListSetting();
            array.getMailingListSetting().add(setting("b31c52e4-29c1-4a65-8c53-0626342c920d", "Instructors - Online",
                    "Instructors", "OptIn", "abc320db-863f-441a-8ab4-5fc827fc33c2",
                    "0f37de1d-a608-4ebc-bad1-7beaa3102f60", "f46291d8-6b16-467f-97ef-fb16028a2b98",
                    "bac08813-3231-4c42-942e-2e0d98608043"));
            array.getMailingListSetting().add(setting("6cc179ee-99c3-4b6b-8bab-36574550a5e5", "Accreditation",
                    "Email Opt-In", "OptOut", null, null, null, null));
            return array; // the token comes back as it came, as a valid one would
        }

        private static MailingListSetting setting(String key, String name, String category, String status,
                                                  String email, String address, String phone, String fax) {
            MailingListSetting setting = new MailingListSetting();
            setting.setMailingListKey(key);
            setting.setMailingListName(name);
            setting.setMailingListCategory(category);
            setting.setStatus(status);
            setting.setEmailKey(email);
            setting.setAddressKey(address);
            setting.setPhoneKey(phone);
            setting.setFaxKey(fax);
            return setting;
        }

        @Override
        public String authenticate(String userName, String password, Holder<AuthorizationToken> authorizationToken) {
            throw new UnsupportedOperationException("not measured");
        }

        @Override
        public void setCustomerCommunicationPreferences(String customerKey, ArrayOfMailingListSetting preferences,
                                                        Holder<AuthorizationToken> authorizationToken) {
            throw new UnsupportedOperationException("not measured");
        }

        @Override
        public MailingListSetting getCustomerCommunicationPreference(
                String customerKey, String preferenceTypeKey, Holder<AuthorizationToken> authorizationToken) {
            throw new UnsupportedOperationException("not measured");
        }

        @Override
        public PreferenceHistoryPage getCustomerCommunicationPreferenceHistory(
                String customerKey, String mailingListKey, String from, String to, String pageSize,
                String continuationToken, Holder<AuthorizationToken> authorizationToken) {
            throw new UnsupportedOperationException("not measured");
        }
    }
}
