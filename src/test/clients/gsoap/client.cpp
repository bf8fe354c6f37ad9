// Calls the xWeb preference service through the C++ proxies that gSOAP's wsdl2h
// and soapcpp2 generate from the served WSDL, the way a C or C++ integration
// would. run.sh generates the code twice, for SOAP 1.1 and for SOAP 1.2, builds
// this file against each and runs both:
//
//     client WSDL_URL USER PASSWORD
//
// Why twice: wsdl2h -N gives one proxy per binding (netForumXMLSoapProxy for the
// SOAP 1.1 binding, netForumXMLSoap12Proxy for the SOAP 1.2 one), but it marks
// neither with its SOAP version, and both share one namespace table whose
// envelope namespace decides the version. For this WSDL that table is SOAP 1.2,
// so both proxies would speak SOAP 1.2. Nor does
// soap_set_version(soap, 1) help with these proxies: each call starts with
// soap_begin, which drops the switched table. What gSOAP offers is soapcpp2 -1
// or -2; a build with -DXWEB_SOAP12 uses the SOAP 1.2 proxy from a soapcpp2 -2
// run, one without uses the SOAP 1.1 proxy from a soapcpp2 -1 run. Every
// exchange is checked on the wire for the version it really used. Both proxies
// call the address that the served WSDL gives.
//
// Responses are read with SOAP_XML_STRICT, so that anything the server answers
// that the schema does not allow is a failure here rather than silently skipped.
// Exits 0 only when every check passed; each failure is printed with the raw
// HTTP request and response of the call that showed it (the password masked).
#include <ctime>
#include <iostream>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifdef XWEB_SOAP12
#include "netForumXMLSoap12.nsmap"
#include "soapnetForumXMLSoap12Proxy.h"
typedef netForumXMLSoap12Proxy Proxy;
#define PROXY_NAME "netForumXMLSoap12Proxy"
#else
#include "netForumXMLSoap.nsmap"
#include "soapnetForumXMLSoapProxy.h"
typedef netForumXMLSoapProxy Proxy;
#define PROXY_NAME "netForumXMLSoapProxy"
#endif

namespace {

const std::regex GUID("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
const std::string NS = "http://www.avectra.com/2005/";

struct Version {
    std::string label;
    short number;             // 1 or 2
    std::string envelope;     // the envelope namespace on the wire, both ways
    std::string contentType;  // of the response
    std::string clientCode;   // the fault code for a bad request
};

const Version SOAP11 = {"SOAP 1.1", 1, "http://schemas.xmlsoap.org/soap/envelope/", "text/xml", "Client"};
const Version SOAP12 = {"SOAP 1.2", 2, "http://www.w3.org/2003/05/soap-envelope", "application/soap+xml", "Sender"};

using Text = std::optional<std::string>;

// A MailingListSetting as plain values; an absent element is nullopt.
struct Setting {
    Text mailing_list_key, mailing_list_name, mailing_list_category;
    std::string status;
    Text email_key, address_key, phone_key, fax_key;
};

std::string show(const Text &value) {
    return value ? "'" + *value + "'" : "(absent)";
}

Text text(const std::string *value) {
    return value ? Text(*value) : std::nullopt;
}

std::string lower(std::string value) {
    for (char &c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value;
}

std::string upper(std::string value) {
    for (char &c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return value;
}

std::string upperGuid(bool braces) {
    static std::random_device random;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string key;
    for (int i = 0; i < 32; i++) {
        if (i == 8 || i == 12 || i == 16 || i == 20) key += '-';
        key += "0123456789ABCDEF"[digit(random)];
    }
    return braces ? "{" + key + "}" : key;
}

// How the contract says the server stores and returns a key: lower case, no braces.
Text stored(const Text &key) {
    if (!key) return std::nullopt;
    std::string value = *key;
    if (value.size() > 1 && value.front() == '{' && value.back() == '}') value = value.substr(1, value.size() - 2);
    return lower(value);
}

// The raw bytes of the last exchange, recorded by wrapping gSOAP's send and receive callbacks.
struct Wire {
    std::string sent, received;
    int (*send)(struct soap *, const char *, size_t) = nullptr;
    size_t (*recv)(struct soap *, char *, size_t) = nullptr;
};

int recordSend(struct soap *soap, const char *data, size_t length) {
    Wire *wire = static_cast<Wire *>(soap->user);
    wire->sent.append(data, length);
    return wire->send(soap, data, length);
}

size_t recordRecv(struct soap *soap, char *data, size_t length) {
    Wire *wire = static_cast<Wire *>(soap->user);
    size_t got = wire->recv(soap, data, length);
    wire->received.append(data, got);
    return got;
}

// The HTTP head of a raw message (up to the blank line) and one of its header values.
std::string head(const std::string &message) {
    return message.substr(0, message.find("\r\n\r\n"));
}

Text httpHeader(const std::string &message, const std::string &name) {
    std::smatch match;
    std::string h = head(message);
    std::regex line("(?:^|\r\n)" + name + ":[ \t]*([^\r\n]*)", std::regex::icase);
    if (std::regex_search(h, match, line)) return match[1].str();
    return std::nullopt;
}

// The namespace of the Envelope element of a raw message.
Text envelopeNamespace(const std::string &message) {
    std::smatch match;
    if (!std::regex_search(message, match, std::regex("<(?:([A-Za-z_][\\w.-]*):)?Envelope\\b[^>]*>"))) {
        return std::nullopt;
    }
    std::string tag = match[0].str();
    std::string attribute = match[1].matched ? "xmlns:" + match[1].str() : std::string("xmlns");
    std::smatch ns;
    if (std::regex_search(tag, ns, std::regex("\\s" + attribute + "\\s*=\\s*[\"']([^\"']*)[\"']"))) {
        return ns[1].str();
    }
    return std::nullopt;
}

// The checks with one SOAP version through one generated proxy; failures are collected.
class Run {
public:
    int passed = 0;
    std::vector<std::string> failures;

    Run(const Version &version, const std::string &user, const std::string &password)
        : version(version), user(user), password(password), proxy(SOAP_XML_STRICT) {
        proxy.soap->connect_timeout = 30;
        proxy.soap->send_timeout = 30;
        proxy.soap->recv_timeout = 30;
        proxy.soap->user = &wire;
        wire.send = proxy.soap->fsend;
        wire.recv = proxy.soap->frecv;
        proxy.soap->fsend = recordSend;
        proxy.soap->frecv = recordRecv;
    }

    void run();

private:
    const Version &version;
    std::string user, password;
    Proxy proxy;
    Wire wire;
    std::string token;

    // -- reporting ------------------------------------------------------------

    std::string exchange() const {
        std::string all = "  --- request:\n" + wire.sent + "\n  --- response:\n" + wire.received;
        for (size_t at = all.find(password); !password.empty() && at != std::string::npos; at = all.find(password)) {
            all.replace(at, password.size(), "***");
        }
        return all;
    }

    bool check(bool condition, const std::string &what, const std::string &detail = "") {
        if (condition) {
            passed++;
            return true;
        }
        failures.push_back("[" + version.label + "] " + what + (detail.empty() ? "" : ": " + detail) + "\n" +
                           exchange());
        return false;
    }

    std::string fault() {
        std::ostringstream out;
        out << "gSOAP error " << proxy.soap->error;
        const char **code = soap_faultcode(proxy.soap);
        if (code && *code) out << ", fault code " << *code;
        const char *string = proxy.soap_fault_string();
        if (string) out << ", fault string '" << string << "'";
        return out.str();
    }

    // -- calling --------------------------------------------------------------

    // Sends the token as the AuthorizationToken header, or no header at all.
    void header(const Text &value) {
        if (!value) {
            proxy.soap_noheader();
            return;
        }
        xweb__AuthorizationToken *authorization = soap_new_xweb__AuthorizationToken(proxy.soap);
        authorization->Token = soap_new_std__string(proxy.soap);
        *authorization->Token = *value;
        proxy.soap_header(authorization);
    }

    // The exchange went over this SOAP version both ways, with the WSDL's action and the HTTP status expected.
    void checkWire(const std::string &operation, int status, const std::string &what) {
        std::string action = NS + operation;
        Text sentAction;
        if (version.number == 1) {
            sentAction = httpHeader(wire.sent, "SOAPAction");
        } else {
            std::smatch match;
            Text type = httpHeader(wire.sent, "Content-Type");
            if (type && std::regex_search(*type, match, std::regex(";\\s*action=\"([^\"]*)\""))) {
                sentAction = match[1].str();
            }
        }
        if (sentAction && sentAction->size() >= 2 && sentAction->front() == '"') {
            sentAction = sentAction->substr(1, sentAction->size() - 2);
        }
        check(sentAction == action, what + " request carries the action " + action, show(sentAction));
        Text sent = envelopeNamespace(wire.sent);
        check(sent == version.envelope, what + " request uses the " + version.label + " envelope", show(sent));
        Text received = envelopeNamespace(wire.received);
        check(received == version.envelope, what + " response uses the " + version.label + " envelope",
              show(received));
        Text type = httpHeader(wire.received, "Content-Type");
        check(type && lower(*type).rfind(version.contentType, 0) == 0,
              what + " response Content-Type is " + version.contentType, show(type));
        std::string statusLine = wire.received.substr(0, wire.received.find("\r\n"));
        check(std::regex_search(statusLine, std::regex("^HTTP/\\S+ " + std::to_string(status) + "\\b")),
              what + " answers HTTP " + std::to_string(status), "'" + statusLine + "'");
    }

    // The token of the response header (soap->header), if it is there.
    Text responseToken() {
        SOAP_ENV__Header *received = proxy.soap_header();
        if (received && received->xweb__AuthorizationToken_ && received->xweb__AuthorizationToken_->Token) {
            return *received->xweb__AuthorizationToken_->Token;
        }
        return std::nullopt;
    }

    // Every successful response carries a token in its header; the next call uses it.
    void takeToken(const std::string &operation) {
        Text received = responseToken();
        if (check(received && std::regex_match(*received, GUID),
                  operation + " response header carries an AuthorizationToken/Token GUID (soap->header)",
                  show(received))) {
            token = *received;
        }
    }

    // Calls an operation that must succeed, with the current token (or the header given).
    template <class Call>
    bool call(const std::string &operation, Call &&invoke, const Text &sentToken) {
        header(sentToken);
        wire.sent.clear();
        wire.received.clear();
        int error = invoke();
        if (!check(error == SOAP_OK, operation + " succeeds", fault())) return false;
        checkWire(operation, 200, operation);
        takeToken(operation);
        return true;
    }

    template <class Call>
    bool call(const std::string &operation, Call &&invoke) {
        return call(operation, invoke, Text(token));
    }

    // The call must end in a fault from the server with the client fault code whose text matches
    // the pattern, with no stack trace; field, if given, is named in the fault detail too.
    template <class Call>
    void expectFault(const std::string &what, const std::string &operation, Call &&invoke, const Text &sentToken,
                     const std::string &pattern, const Text &field) {
        std::string name = operation + " " + what;
        header(sentToken);
        wire.sent.clear();
        wire.received.clear();
        int error = invoke();
        // A SOAP fault read from the response, not a transport or parse error; its code is checked below.
        if (!check(soap_soap_error_check(error), name + " ends in a SOAP fault", fault())) return;
        checkWire(operation, 500, name);
        const char **code = soap_faultcode(proxy.soap);
        std::string codeText = code && *code ? *code : "";
        check(codeText == "SOAP-ENV:" + version.clientCode, name + ": fault code is " + version.clientCode,
              "'" + codeText + "'");
        const char *string = proxy.soap_fault_string();
        std::string message = string ? string : "";
        check(std::regex_search(message, std::regex(pattern)), name + ": fault string matches " + pattern,
              "'" + message + "'");
        check(message.find("Exception") == std::string::npos && message.find("at org.") == std::string::npos,
              name + ": fault string is no stack trace", "'" + message + "'");
        if (field) {
            // The detail is not declared in the WSDL: gSOAP keeps it as literal XML.
            const char *detail = proxy.soap_fault_detail();
            std::string xml = detail ? detail : "";
            check(std::regex_search(xml, std::regex("<(\\w+:)?Field\\b[^>]*>" + std::regex_replace(*field,
                      std::regex("[\\[\\].]"), "\\$&") + "</")),
                  name + ": fault detail FaultDetail/Field is " + *field, "'" + xml + "'");
        }
        // A fault may carry a token (single-use tokens); take it where it does.
        Text received = responseToken();
        if (received) token = *received;
    }

    // -- building and comparing -----------------------------------------------

    std::string *soapString(const Text &value) {
        if (!value) return nullptr;
        std::string *copy = soap_new_std__string(proxy.soap);
        *copy = *value;
        return copy;
    }

    xweb__MailingListSetting *toSoap(const Setting &setting) {
        xweb__MailingListSetting *out = soap_new_xweb__MailingListSetting(proxy.soap);
        out->mailing_USCORElist_USCOREkey = soapString(setting.mailing_list_key);
        out->mailing_USCORElist_USCOREname = soapString(setting.mailing_list_name);
        out->mailing_USCORElist_USCOREcategory = soapString(setting.mailing_list_category);
        soap_s2xweb__MailingPerferenceStatus(proxy.soap, setting.status.c_str(), &out->status);
        out->email_USCOREkey = soapString(setting.email_key);
        out->address_USCOREkey = soapString(setting.address_key);
        out->phone_USCOREkey = soapString(setting.phone_key);
        out->fax_USCOREkey = soapString(setting.fax_key);
        return out;
    }

    std::string statusText(enum xweb__MailingPerferenceStatus status) {
        const char *name = soap_xweb__MailingPerferenceStatus2s(proxy.soap, status);
        return name ? name : "?";
    }

    void field(const std::string &where, const std::string &name, const Text &actual, const Text &expected) {
        check(actual == expected, where + "." + name + " is " + show(expected), "got " + show(actual));
    }

    void checkSetting(const std::string &where, const xweb__MailingListSetting *actual, const Setting &expected) {
        if (!check(actual != nullptr, where + " is present")) return;
        field(where, "mailing_list_key", text(actual->mailing_USCORElist_USCOREkey), expected.mailing_list_key);
        field(where, "mailing_list_name", text(actual->mailing_USCORElist_USCOREname), expected.mailing_list_name);
        field(where, "mailing_list_category", text(actual->mailing_USCORElist_USCOREcategory),
              expected.mailing_list_category);
        field(where, "status", statusText(actual->status), expected.status);
        field(where, "email_key", text(actual->email_USCOREkey), expected.email_key);
        field(where, "address_key", text(actual->address_USCOREkey), expected.address_key);
        field(where, "phone_key", text(actual->phone_USCOREkey), expected.phone_key);
        field(where, "fax_key", text(actual->fax_USCOREkey), expected.fax_key);
    }

    int setPreferences(const std::string &customer, const std::vector<Setting> &settings) {
        _xweb__SetCustomerCommunicationPreferences request;
        request.customerKey = soapString(customer);
        request.preferences = soap_new_xweb__ArrayOfMailingListSetting(proxy.soap);
        for (const Setting &setting : settings) request.preferences->MailingListSetting.push_back(toSoap(setting));
        _xweb__SetCustomerCommunicationPreferencesResponse response;
        return proxy.SetCustomerCommunicationPreferences(&request, response);
    }

    void checkGetAll(const std::string &customer, const std::vector<Setting> &expected, const std::string &what) {
        _xweb__GetAllCustomerCommunicationPreferences request;
        request.customerKey = soapString(customer);
        _xweb__GetAllCustomerCommunicationPreferencesResponse response;
        if (!call("GetAllCustomerCommunicationPreferences",
                  [&] { return proxy.GetAllCustomerCommunicationPreferences(&request, response); })) {
            return;
        }
        std::vector<xweb__MailingListSetting *> settings;
        if (response.GetAllCustomerCommunicationPreferencesResult) {
            settings = response.GetAllCustomerCommunicationPreferencesResult->MailingListSetting;
        }
        std::string keys;
        for (const xweb__MailingListSetting *setting : settings) {
            keys += show(setting ? text(setting->mailing_USCORElist_USCOREkey) : std::nullopt) + " ";
        }
        if (check(settings.size() == expected.size(),
                  what + " returns exactly " + std::to_string(expected.size()) + " settings", "got keys " + keys)) {
            for (size_t i = 0; i < settings.size(); i++) {
                checkSetting(what + "[" + std::to_string(i) + "]", settings[i], expected[i]);
            }
        }
    }

    // One page of the history; nullptr when the call failed.
    xweb__PreferenceHistoryPage *history(const std::string &customer, const Text &list, const Text &pageSize,
                                         const Text &continuation) {
        _xweb__GetCustomerCommunicationPreferenceHistory request;
        request.customerKey = soapString(customer);
        request.mailingListKey = soapString(list);
        request.pageSize = soapString(pageSize);
        request.continuationToken = soapString(continuation);
        auto *response = soap_new__xweb__GetCustomerCommunicationPreferenceHistoryResponse(proxy.soap);
        if (!call("GetCustomerCommunicationPreferenceHistory",
                  [&] { return proxy.GetCustomerCommunicationPreferenceHistory(&request, *response); })) {
            return nullptr;
        }
        check(response->GetCustomerCommunicationPreferenceHistoryResult != nullptr,
              "GetCustomerCommunicationPreferenceHistoryResult is present");
        return response->GetCustomerCommunicationPreferenceHistoryResult;
    }

    static std::vector<xweb__PreferenceChange *> entries(const xweb__PreferenceHistoryPage *page) {
        if (!page || !page->entries) return {};
        return page->entries->PreferenceChange;
    }

    // A history entry records the change to expected, made just now by this user over SOAP, from no row.
    void checkChange(const std::string &where, const xweb__PreferenceChange *change, const std::string &customer,
                     const Setting &expected, time_t before) {
        if (!check(change != nullptr, where + " is present")) return;
        field(where, "customer_key", text(change->customer_USCOREkey), stored(customer));
        field(where, "mailing_list_key", text(change->mailing_USCORElist_USCOREkey), expected.mailing_list_key);
        field(where, "status_before",
              change->status_USCOREbefore ? Text(statusText(*change->status_USCOREbefore)) : std::nullopt,
              std::nullopt);
        field(where, "status", statusText(change->status), expected.status);
        field(where, "mailing_list_name", text(change->mailing_USCORElist_USCOREname), expected.mailing_list_name);
        field(where, "mailing_list_category", text(change->mailing_USCORElist_USCOREcategory),
              expected.mailing_list_category);
        field(where, "email_key", text(change->email_USCOREkey), expected.email_key);
        field(where, "address_key", text(change->address_USCOREkey), expected.address_key);
        field(where, "phone_key", text(change->phone_USCOREkey), expected.phone_key);
        field(where, "fax_key", text(change->fax_USCOREkey), expected.fax_key);
        field(where, "changed_by", text(change->changed_USCOREby), user);
        field(where, "protocol", text(change->protocol), std::string("SOAP"));
        check(change->correlation_USCOREid && !change->correlation_USCOREid->empty(),
              where + ".correlation_id is present", show(text(change->correlation_USCOREid)));
        // gSOAP reads xsd:dateTime into time_t (UTC); allow for clocks a little apart.
        time_t now = std::time(nullptr);
        check(change->changed_USCOREat >= before - 60 && change->changed_USCOREat <= now + 60,
              where + ".changed_at is the time of the call",
              std::to_string(change->changed_USCOREat) + " not in [" + std::to_string(before - 60) + ", " +
                  std::to_string(now + 60) + "]");
    }
};

void Run::run() {
    // Authenticate, with no header: the token in the result and in the response header.
    _xweb__Authenticate authenticate;
    authenticate.userName = soapString(user);
    authenticate.password = soapString(password);
    _xweb__AuthenticateResponse authenticated;
    if (!call("Authenticate", [&] { return proxy.Authenticate(&authenticate, authenticated); }, std::nullopt)) {
        return;  // nothing else can work without a token
    }
    Text result = text(authenticated.AuthenticateResult);
    check(result && std::regex_match(*result, GUID), "AuthenticateResult is a GUID", show(result));
    check(result == token, "AuthenticateResult equals the AuthorizationToken header",
          show(result) + " vs '" + token + "'");

    // Set two settings, keys in upper case, braces on some, in descending key order.
    std::string customer = upperGuid(true);
    std::string first = upperGuid(false), second = upperGuid(false);
    if (lower(first) > lower(second)) std::swap(first, second);
    Setting full = {"{" + second + "}", "Monthly newsletter (gSOAP, " + version.label + ")", "Newsletters",
                    "OptOut", upperGuid(false), upperGuid(true), upperGuid(false), upperGuid(true)};
    Setting bare = {first, std::nullopt, std::nullopt, "OptIn", std::nullopt, std::nullopt, std::nullopt,
                    std::nullopt};
    time_t before = std::time(nullptr);
    call("SetCustomerCommunicationPreferences", [&] { return setPreferences(customer, {full, bare}); });

    Setting expectedFull = full;
    for (Text *key : {&expectedFull.mailing_list_key, &expectedFull.email_key, &expectedFull.address_key,
                      &expectedFull.phone_key, &expectedFull.fax_key}) {
        *key = stored(*key);
    }
    Setting expectedBare = bare;
    expectedBare.mailing_list_key = stored(first);

    // GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
    checkGetAll(customer, {expectedBare, expectedFull}, "GetAllCustomerCommunicationPreferences");

    // Get one stored list, asked for in another spelling of its keys.
    {
        _xweb__GetCustomerCommunicationPreference request;
        request.customerKey = soapString(upper(*stored(customer)));
        request.preferenceTypeKey = soapString(lower(second));
        _xweb__GetCustomerCommunicationPreferenceResponse response;
        if (call("GetCustomerCommunicationPreference",
                 [&] { return proxy.GetCustomerCommunicationPreference(&request, response); })) {
            checkSetting("GetCustomerCommunicationPreference(stored list).mailing_list_setting",
                         response.mailing_USCORElist_USCOREsetting, expectedFull);
        }
    }

    // Get a list nothing is stored for: that key, status Undefined.
    {
        std::string unknown = upperGuid(true);
        _xweb__GetCustomerCommunicationPreference request;
        request.customerKey = soapString(customer);
        request.preferenceTypeKey = soapString(unknown);
        _xweb__GetCustomerCommunicationPreferenceResponse response;
        if (call("GetCustomerCommunicationPreference",
                 [&] { return proxy.GetCustomerCommunicationPreference(&request, response); })) {
            Setting expected = {stored(unknown), std::nullopt, std::nullopt, "Undefined", std::nullopt,
                                std::nullopt, std::nullopt, std::nullopt};
            checkSetting("GetCustomerCommunicationPreference(unknown list).mailing_list_setting",
                         response.mailing_USCORElist_USCOREsetting, expected);
        }
    }

    // History: both changes, one entry a page when asked so, and only one list when asked so.
    {
        const std::string what = "GetCustomerCommunicationPreferenceHistory";
        std::vector<xweb__PreferenceChange *> all = entries(history(customer, std::nullopt, std::nullopt,
                                                                    std::nullopt));
        if (check(all.size() == 2, what + " returns the 2 changes made", "got " + std::to_string(all.size()))) {
            // Both were made in one request: their order between themselves is not checked.
            for (size_t i = 0; i < all.size(); i++) {
                bool isFull = all[i] && text(all[i]->mailing_USCORElist_USCOREkey) == expectedFull.mailing_list_key;
                checkChange(what + ".entries[" + std::to_string(i) + "]", all[i], customer,
                            isFull ? expectedFull : expectedBare, before);
            }
        }
        xweb__PreferenceHistoryPage *page = history(customer, std::nullopt, std::string("1"), std::nullopt);
        std::set<Text> keys;
        if (page && check(entries(page).size() == 1, what + " with pageSize 1 returns 1 entry",
                          "got " + std::to_string(entries(page).size())) &&
            check(page->continuationToken && !page->continuationToken->empty(),
                  what + " with pageSize 1 gives a continuationToken for the second change")) {
            keys.insert(text(entries(page)[0]->mailing_USCORElist_USCOREkey));
            xweb__PreferenceHistoryPage *next = history(customer, std::nullopt, std::string("1"),
                                                        *page->continuationToken);
            if (next && check(entries(next).size() == 1, what + " second page returns 1 entry",
                              "got " + std::to_string(entries(next).size()))) {
                keys.insert(text(entries(next)[0]->mailing_USCORElist_USCOREkey));
                check(!next->continuationToken, what + " last page has no continuationToken",
                      show(text(next->continuationToken)));
            }
            check(keys == std::set<Text>{expectedBare.mailing_list_key, expectedFull.mailing_list_key},
                  what + " pages hold both changes, once each");
        }
        std::vector<xweb__PreferenceChange *> one = entries(history(customer, "{" + second + "}", std::nullopt,
                                                                    std::nullopt));
        if (check(one.size() == 1, what + " for one mailing list returns its 1 change",
                  "got " + std::to_string(one.size()))) {
            checkChange(what + "(one list).entries[0]", one[0], customer, expectedFull, before);
        }
    }

    // A customer key that is no GUID: a Client fault naming customerKey, and nothing stored.
    expectFault("with customerKey 'ACME-42'", "SetCustomerCommunicationPreferences",
                [&] { return setPreferences("ACME-42", {bare}); }, token, "customerKey", std::string("customerKey"));
    // A bad key in the second setting: the fault names it, counted from 1; nothing of the first is stored.
    Setting other = {upperGuid(false), std::nullopt, std::nullopt, "OptOut", std::nullopt, std::nullopt,
                     std::nullopt, std::nullopt};
    Setting badEmail = {upperGuid(false), std::nullopt, std::nullopt, "OptIn", std::string("not-a-key"),
                        std::nullopt, std::nullopt, std::nullopt};
    expectFault("with preferences[2].email_key 'not-a-key'", "SetCustomerCommunicationPreferences",
                [&] { return setPreferences(customer, {other, badEmail}); }, token, "preferences\\[2\\]\\.email_key",
                std::string("preferences[2].email_key"));
    checkGetAll(customer, {expectedBare, expectedFull},
                "GetAllCustomerCommunicationPreferences after the refused requests");

    // No header at all, and an unknown token: faults asking for a token.
    _xweb__GetAllCustomerCommunicationPreferences getAll;
    getAll.customerKey = soapString(customer);
    _xweb__GetAllCustomerCommunicationPreferencesResponse ignored;
    expectFault("without an AuthorizationToken header", "GetAllCustomerCommunicationPreferences",
                [&] { return proxy.GetAllCustomerCommunicationPreferences(&getAll, ignored); }, std::nullopt,
                "AuthorizationToken", std::nullopt);
    expectFault("with an unknown token", "GetAllCustomerCommunicationPreferences",
                [&] { return proxy.GetAllCustomerCommunicationPreferences(&getAll, ignored); },
                lower(upperGuid(false)), "AuthorizationToken", std::nullopt);

    // The token kept through the faults still works.
    checkGetAll(customer, {expectedBare, expectedFull}, "GetAllCustomerCommunicationPreferences after the faults");
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 4) {
        std::cerr << "usage: client WSDL_URL USER PASSWORD" << std::endl;
        return 2;
    }
#ifdef XWEB_SOAP12
    const Version &version = SOAP12;
#else
    const Version &version = SOAP11;
#endif
    Run run(version, argv[2], argv[3]);
    run.run();
    std::cout << "gSOAP " << (GSOAP_VERSION / 100000) << "." << (GSOAP_VERSION / 1000 % 100) << "."
              << (GSOAP_VERSION % 1000) << " " << PROXY_NAME << " (" << version.label << "): " << run.passed
              << " checks passed, " << run.failures.size() << " failed" << std::endl;
    for (const std::string &failure : run.failures) std::cout << "FAILED " << failure << std::endl;
    return run.failures.empty() ? 0 : 1;
}
