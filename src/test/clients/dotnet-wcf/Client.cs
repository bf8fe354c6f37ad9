// Calls the xWeb preference service through a WCF proxy that Mono's `svcutil`
// generated from the served WSDL: the ClientBase<T> proxy that .NET's "Add
// Service Reference" makes, the way most modern .NET integrations talk to a SOAP
// service. run.sh generates the proxy, compiles it with this file and runs it on
// Mono:
//
//     mono client.exe ENDPOINT_URL USER PASSWORD
//
// It runs once with BasicHttpBinding (SOAP 1.1) and once with a CustomBinding of
// TextMessageEncoding (MessageVersion.Soap12) over HttpTransport (SOAP 1.2), the
// bindings svcutil writes into the configuration for the two ports (Mono's svcutil
// writes no configuration, so they are made here).
//
// Mono's svcutil leaves the WSDL's soap:header out of the contract (Microsoft's
// writes message contracts with a [MessageHeader] AuthorizationToken), so this
// client sends and reads the AuthorizationToken header with a message inspector,
// as integrators do for a header the contract does not carry. Its types
// AuthorizationToken and FaultDetail are written here, not generated; and where
// Mono's WCF runtime differs from .NET's, the workaround says so where it is made.
//
// Exits 0 only when every check passed; each failure is printed with what was
// expected and what came back.
using System;
using System.Collections.Generic;
using System.Runtime.Serialization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using System.Text;
using System.Text.RegularExpressions;
using www.avectra.com._2005;
using static Checks;

// The header's type, as svcutil would have generated it from the schema's AuthorizationToken.
[DataContract(Name = "AuthorizationToken", Namespace = Client.Ns)]
public class AuthorizationToken
{
    [DataMember(EmitDefaultValue = false)]
    public string Token;
}

// The detail of the server's faults (not declared in the WSDL; see DeclareFaultDetail).
[DataContract(Name = "FaultDetail", Namespace = Client.Ns)]
public class FaultDetail
{
    [DataMember(EmitDefaultValue = false, Order = 0)]
    public string Field;

    [DataMember(EmitDefaultValue = false, Order = 1)]
    public string CorrelationId;
}

// Puts the current token in each request's AuthorizationToken header and takes the token out of each
// reply's, as a WCF client does for a header its contract does not carry: a message inspector added
// by an endpoint behaviour. (Mono's WCF leaves OperationContext.IncomingMessageHeaders empty on the
// client, so the reply's headers are only seen here.) Mono calls no inspector for a fault.
public class TokenHeaders : IEndpointBehavior, IClientMessageInspector
{
    public static string Received;

    public object BeforeSendRequest(ref Message request, IClientChannel channel)
    {
        if (Client.token != null)
        {
            request.Headers.Add(MessageHeader.CreateHeader("AuthorizationToken", Client.Ns,
                new AuthorizationToken { Token = Client.token }));
        }
        return null;
    }

    public void AfterReceiveReply(ref Message reply, object correlationState)
    {
        int index = reply.Headers.FindHeader("AuthorizationToken", Client.Ns);
        Received = index < 0 ? null : reply.Headers.GetHeader<AuthorizationToken>(index).Token;
    }

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime runtime)
    {
        runtime.MessageInspectors.Add(this);
    }

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection parameters) { }
    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher dispatcher) { }
    public void Validate(ServiceEndpoint endpoint) { }
}

public static class Client
{
    public const string Ns = "http://www.avectra.com/2005/";

    // The fault code of the client's mistakes: Client in SOAP 1.1, Sender in SOAP 1.2.
    static string clientCode;

    // The token to send with the next call; null sends no header.
    internal static string token;

    // One call: TokenHeaders sends the current token in the AuthorizationToken header, and the token in
    // the response's header is kept for the next call, as the contract asks.
    static T Call<T>(netForumXMLSoapClient service, string operation, Func<T> call)
    {
        TokenHeaders.Received = null;
        T result = call();
        string received = TokenHeaders.Received;
        Check(received != null && GuidPattern.IsMatch(received),
            operation + " response header carries an AuthorizationToken/Token GUID", Show(received));
        if (received != null)
        {
            token = received;
        }
        return result;
    }

    static void Call(netForumXMLSoapClient service, string operation, Action call)
    {
        Call<object>(service, operation, () => { call(); return null; });
    }

    static void CheckSetting(string where, MailingListSetting actual, MailingListSetting expected)
    {
        if (!Check(actual != null, where + " is present", null))
        {
            return;
        }
        Field(where, "mailing_list_key", actual.mailing_list_key, expected.mailing_list_key);
        Field(where, "mailing_list_name", actual.mailing_list_name, expected.mailing_list_name);
        Field(where, "mailing_list_category", actual.mailing_list_category, expected.mailing_list_category);
        Field(where, "status", actual.status.ToString(), expected.status.ToString());
        Field(where, "email_key", actual.email_key, expected.email_key);
        Field(where, "address_key", actual.address_key, expected.address_key);
        Field(where, "phone_key", actual.phone_key, expected.phone_key);
        Field(where, "fax_key", actual.fax_key, expected.fax_key);
    }

    static void ExpectClientFault(string operation, Action call, string messagePattern, string field)
    {
        try
        {
            call();
            Check(false, operation + " raises a FaultException", "it returned normally");
        }
        catch (FaultException fault)
        {
            string code = fault.Code == null ? null : fault.Code.Name;
            string message = fault.Reason == null ? fault.Message : fault.Reason.ToString();
            Check(code == clientCode, operation + " fault code is " + clientCode, "got " + Show(code));
            Check(Regex.IsMatch(message ?? "", messagePattern),
                operation + " fault reason matches '" + messagePattern + "'", Show(message));
            Check(!message.Contains("Exception") && !message.Contains("at org."),
                operation + " fault reason shows nothing of the server's insides", Show(message));
            var detailed = fault as FaultException<FaultDetail>;
            if (field != null)
            {
                Check(detailed != null && detailed.Detail.Field == field, operation + " fault detail names the field " + Show(field),
                    detailed == null ? "no FaultDetail (" + fault.GetType().Name + ")" : "got " + Show(detailed.Detail.Field));
            }
        }
    }

    static void CheckGetAll(netForumXMLSoapClient service, string customer, MailingListSetting[] expected,
        string operation)
    {
        MailingListSetting[] settings = Call(service, operation,
            () => service.GetAllCustomerCommunicationPreferences(customer)) ?? new MailingListSetting[0];
        var keys = new List<string>();
        foreach (MailingListSetting setting in settings)
        {
            keys.Add(setting.mailing_list_key);
        }
        if (Check(settings.Length == expected.Length, operation + " returns exactly " + expected.Length + " settings",
            "got keys " + string.Join(", ", keys)))
        {
            for (int i = 0; i < settings.Length; i++)
            {
                CheckSetting(operation + "[" + i + "]", settings[i], expected[i]);
            }
        }
    }

    static void Run(Binding binding, EnvelopeVersion envelope, string url, string user, string password)
    {
        // The message version svcutil's bindings give: SOAP 1.1 or 1.2, without WS-Addressing, as ASMX speaks.
        Check(binding.MessageVersion.Envelope == envelope && binding.MessageVersion.Addressing == AddressingVersion.None,
            binding.GetType().Name + " speaks " + envelope + " without WS-Addressing", binding.MessageVersion.ToString());
        clientCode = envelope == EnvelopeVersion.Soap11 ? "Client" : "Sender";
        token = null;
        binding.SendTimeout = TimeSpan.FromSeconds(30);
        binding.ReceiveTimeout = TimeSpan.FromSeconds(30);
        var service = new netForumXMLSoapClient(binding, new EndpointAddress(url));
        DeclareFaultDetail(service);
        service.Endpoint.Behaviors.Add(new TokenHeaders());
        try
        {
            RunChecks(service, user, password);
            service.Close();
        }
        finally
        {
            service.Abort();
        }
    }

    // Mono's WCF reads the detail of a fault the contract does not declare as an ExceptionDetail, and
    // throws a SerializationException where .NET throws a FaultException. The server's faults carry a
    // FaultDetail the WSDL does not declare (xWeb's WSDL declares no faults), so it is declared here as
    // each operation's fault, before the proxy is first used: Mono then throws FaultException<FaultDetail>.
    static void DeclareFaultDetail(netForumXMLSoapClient service)
    {
        foreach (OperationDescription operation in service.Endpoint.Contract.Operations)
        {
            operation.Faults.Add(new FaultDescription(Ns + operation.Name + "Fault")
            {
                DetailType = typeof(FaultDetail),
                Name = "FaultDetail",
                Namespace = Ns,
            });
        }
    }

    static void RunChecks(netForumXMLSoapClient service, string user, string password)
    {
        DateTime started = DateTime.UtcNow;

        // Authenticate: the token in the result and in the response header.
        string result = Call(service, "Authenticate", () => service.Authenticate(user, password));
        Check(result != null && GuidPattern.IsMatch(result), "AuthenticateResult is a GUID", Show(result));
        Check(result == token, "AuthenticateResult equals the AuthorizationToken header",
            Show(result) + " and " + Show(token));

        // Set two settings, keys in upper case, braces on some, in descending key order.
        string customer = UpperGuid(true);
        string first = UpperGuid(false), second = UpperGuid(false);
        if (string.CompareOrdinal(first.ToLowerInvariant(), second.ToLowerInvariant()) > 0)
        {
            string swap = first; first = second; second = swap;
        }
        var full = new MailingListSetting
        {
            mailing_list_key = "{" + second + "}",
            mailing_list_name = "Monthly newsletter (WCF, " + Label + ")",
            mailing_list_category = "Newsletters",
            status = MailingPerferenceStatus.OptOut,
            email_key = UpperGuid(false),
            address_key = UpperGuid(true),
            phone_key = UpperGuid(false),
            fax_key = UpperGuid(true),
        };
        var bare = new MailingListSetting { mailing_list_key = first, status = MailingPerferenceStatus.OptIn };
        Call(service, "SetCustomerCommunicationPreferences",
            () => service.SetCustomerCommunicationPreferences(customer, new[] { full, bare }));

        var expectedFull = new MailingListSetting
        {
            mailing_list_key = Stored(full.mailing_list_key),
            mailing_list_name = full.mailing_list_name,
            mailing_list_category = full.mailing_list_category,
            status = full.status,
            email_key = Stored(full.email_key),
            address_key = Stored(full.address_key),
            phone_key = Stored(full.phone_key),
            fax_key = Stored(full.fax_key),
        };
        var expectedBare = new MailingListSetting { mailing_list_key = Stored(first), status = MailingPerferenceStatus.OptIn };

        // GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
        CheckGetAll(service, customer, new[] { expectedBare, expectedFull }, "GetAllCustomerCommunicationPreferences");

        // Get one stored list, asked for in another spelling of its keys.
        MailingListSetting got = Call(service, "GetCustomerCommunicationPreference",
            () => service.GetCustomerCommunicationPreference(Stored(customer).ToUpperInvariant(), second.ToLowerInvariant()));
        CheckSetting("GetCustomerCommunicationPreference(stored list)", got, expectedFull);

        // Get a list nothing is stored for: that key, status Undefined.
        string unknown = UpperGuid(true);
        got = Call(service, "GetCustomerCommunicationPreference",
            () => service.GetCustomerCommunicationPreference(customer, unknown));
        CheckSetting("GetCustomerCommunicationPreference(unknown list)", got,
            new MailingListSetting { mailing_list_key = Stored(unknown), status = MailingPerferenceStatus.Undefined });

        // Change the full setting to OptIn; its history: that change (from OptOut), newest first,
        // then the two first settings, each by this user at a time around now.
        Call(service, "SetCustomerCommunicationPreferences (change)",
            () => service.SetCustomerCommunicationPreferences(Stored(customer),
                new[] { new MailingListSetting { mailing_list_key = second, status = MailingPerferenceStatus.OptIn } }));
        PreferenceHistoryPage page = Call(service, "GetCustomerCommunicationPreferenceHistory",
            () => service.GetCustomerCommunicationPreferenceHistory(customer, null, null, null, null, null));
        PreferenceChange[] entries = page == null || page.entries == null ? new PreferenceChange[0] : page.entries;
        if (Check(entries.Length == 3, "GetCustomerCommunicationPreferenceHistory returns 3 changes",
            "got " + entries.Length))
        {
            PreferenceChange newest = entries[0];
            Field("history[0]", "mailing_list_key", newest.mailing_list_key, Stored(second));
            Field("history[0]", "status_before", newest.status_before.ToString(), "OptOut");
            Field("history[0]", "status", newest.status.ToString(), "OptIn");
            for (int i = 0; i < entries.Length; i++)
            {
                Field("history[" + i + "]", "customer_key", entries[i].customer_key, Stored(customer));
                Field("history[" + i + "]", "changed_by", entries[i].changed_by, user);
                DateTime at = entries[i].changed_at.ToUniversalTime();
                Check(at >= started.AddMinutes(-2) && at <= DateTime.UtcNow.AddMinutes(2),
                    "history[" + i + "].changed_at is around now (" + started.ToString("o") + ")", at.ToString("o"));
            }
        }
        Call(service, "SetCustomerCommunicationPreferences (back)",
            () => service.SetCustomerCommunicationPreferences(customer, new[] { full }));

        // A customer key that is no GUID: a Client fault naming customerKey, nothing stored.
        ExpectClientFault("SetCustomerCommunicationPreferences with customerKey 'ACME-42'",
            () => Call(service, "SetCustomerCommunicationPreferences",
                () => service.SetCustomerCommunicationPreferences("ACME-42", new[] { bare })), "customerKey", "customerKey");
        CheckGetAll(service, customer, new[] { expectedBare, expectedFull },
            "GetAllCustomerCommunicationPreferences after the refused request");

        // No token at all, then an unknown token: Client faults naming the token.
        token = null;
        ExpectClientFault("GetAllCustomerCommunicationPreferences without a token",
            () => Call(service, "GetAll", () => service.GetAllCustomerCommunicationPreferences(customer)), "(?i)token",
            "AuthorizationToken.Token");
        token = System.Guid.NewGuid().ToString();
        ExpectClientFault("GetAllCustomerCommunicationPreferences with an unknown token",
            () => Call(service, "GetAll", () => service.GetAllCustomerCommunicationPreferences(customer)), "(?i)token",
            "AuthorizationToken.Token");
    }

    public static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: mono client.exe ENDPOINT_URL USER PASSWORD");
            return 2;
        }
        var soap12 = new CustomBinding(new TextMessageEncodingBindingElement(MessageVersion.Soap12, Encoding.UTF8),
            new HttpTransportBindingElement());
        var runs = new[]
        {
            Tuple.Create((Binding) new BasicHttpBinding(), EnvelopeVersion.Soap11, "SOAP 1.1"),
            Tuple.Create((Binding) soap12, EnvelopeVersion.Soap12, "SOAP 1.2"),
        };
        foreach (var run in runs)
        {
            Label = "WCF svcutil proxy on Mono, " + run.Item3 + " (" + run.Item1.GetType().Name + ")";
            Passed = 0;
            int failedBefore = Failures.Count;
            try
            {
                Run(run.Item1, run.Item2, args[0], args[1], args[2]);
            }
            catch (Exception e)
            {
                // an unexpected error ends this run's checks; it is reported as a failure
                Failures.Add("[" + Label + "] unexpected error: " + e);
            }
            Console.WriteLine(Label + ": " + Passed + " checks passed, " + (Failures.Count - failedBefore) + " failed");
        }
        foreach (string failure in Failures)
        {
            Console.WriteLine("FAILED " + failure.Replace(args[2], "***"));
        }
        return Failures.Count == 0 ? 0 : 1;
    }
}
