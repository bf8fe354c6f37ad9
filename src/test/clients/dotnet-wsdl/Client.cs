// Calls the xWeb preference service through a proxy that the .NET `wsdl` tool
// generated from the served WSDL: the SoapHttpClientProtocol proxy that .NET
// Framework's "Add Web Reference" makes, the way most xWeb integrations in C#
// talk to netFORUM. run.sh generates the proxy (SOAP 1.1, or SOAP 1.2 with
// -protocol:SOAP12), compiles it with this file and runs it on Mono:
//
//     mono client.exe ENDPOINT_URL USER PASSWORD
//
// Exits 0 only when every check passed; each failure is printed with what was
// expected and what came back.
using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Web.Services.Protocols;
using Xweb;
using static Checks;

public static class Client
{

    // Every successful response carries a token in its header; the next call uses it.
    static void TakeToken(netForumXML service, string operation)
    {
        string token = service.AuthorizationTokenValue == null ? null : service.AuthorizationTokenValue.Token;
        Check(token != null && GuidPattern.IsMatch(token),
            operation + " response header carries an AuthorizationToken/Token GUID", Show(token));
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

    static void ExpectClientFault(string operation, Action call, string messagePattern)
    {
        try
        {
            call();
            Check(false, operation + " raises a SoapException", "it returned normally");
        }
        catch (SoapException fault)
        {
            string code = fault.Code == null ? null : fault.Code.Name;
            Check(code == "Client" || code == "Sender", operation + " fault code is Client (1.1) or Sender (1.2)",
                Show(code));
            Check(Regex.IsMatch(fault.Message ?? "", messagePattern),
                operation + " fault message matches '" + messagePattern + "'", Show(fault.Message));
            Check(!fault.Message.Contains("Exception") && !fault.Message.Contains("at org."),
                operation + " fault message shows nothing of the server's insides", Show(fault.Message));
        }
    }

    static void CheckGetAll(netForumXML service, string customer, MailingListSetting[] expected, string operation)
    {
        MailingListSetting[] settings = service.GetAllCustomerCommunicationPreferences(customer)
            ?? new MailingListSetting[0];
        TakeToken(service, operation);
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

    static void Run(string url, string user, string password)
    {
        var service = new netForumXML();
        service.Url = url;
        service.Timeout = 30000;
        Label = ".NET wsdl proxy on Mono, " + (service.SoapVersion == SoapProtocolVersion.Soap12 ? "SOAP 1.2" : "SOAP 1.1");

        // Authenticate: the token in the result and in the response header.
        string result = service.Authenticate(user, password);
        Check(result != null && GuidPattern.IsMatch(result), "AuthenticateResult is a GUID", Show(result));
        TakeToken(service, "Authenticate");
        Check(service.AuthorizationTokenValue != null && result == service.AuthorizationTokenValue.Token,
            "AuthenticateResult equals the AuthorizationToken header", null);

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
            mailing_list_name = "Monthly newsletter (.NET, " + Label + ")",
            mailing_list_category = "Newsletters",
            status = MailingPerferenceStatus.OptOut,
            email_key = UpperGuid(false),
            address_key = UpperGuid(true),
            phone_key = UpperGuid(false),
            fax_key = UpperGuid(true),
        };
        var bare = new MailingListSetting { mailing_list_key = first, status = MailingPerferenceStatus.OptIn };
        service.SetCustomerCommunicationPreferences(customer, new[] { full, bare });
        TakeToken(service, "SetCustomerCommunicationPreferences");

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
        MailingListSetting got = service.GetCustomerCommunicationPreference(Stored(customer).ToUpperInvariant(),
            second.ToLowerInvariant());
        TakeToken(service, "GetCustomerCommunicationPreference");
        CheckSetting("GetCustomerCommunicationPreference(stored list)", got, expectedFull);

        // Get a list nothing is stored for: that key, status Undefined.
        string unknown = UpperGuid(true);
        got = service.GetCustomerCommunicationPreference(customer, unknown);
        TakeToken(service, "GetCustomerCommunicationPreference");
        CheckSetting("GetCustomerCommunicationPreference(unknown list)", got,
            new MailingListSetting { mailing_list_key = Stored(unknown), status = MailingPerferenceStatus.Undefined });

        // A customer key that is no GUID: a Client fault naming customerKey, nothing stored.
        ExpectClientFault("SetCustomerCommunicationPreferences with customerKey 'ACME-42'",
            () => service.SetCustomerCommunicationPreferences("ACME-42", new[] { bare }), "customerKey");
        CheckGetAll(service, customer, new[] { expectedBare, expectedFull },
            "GetAllCustomerCommunicationPreferences after the refused request");

        // An unknown token: a Client fault.
        service.AuthorizationTokenValue = new AuthorizationToken { Token = System.Guid.NewGuid().ToString() };
        ExpectClientFault("GetAllCustomerCommunicationPreferences with an unknown token",
            () => service.GetAllCustomerCommunicationPreferences(customer), "(?i)token");
    }

    public static int Main(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine("usage: mono client.exe ENDPOINT_URL USER PASSWORD");
            return 2;
        }
        Label = ".NET wsdl proxy on Mono";
        try
        {
            Run(args[0], args[1], args[2]);
        }
        catch (Exception e)
        {
            // an unexpected error ends the checks; it is reported as a failure
            Failures.Add("[" + Label + "] unexpected error: " + e);
        }
        Console.WriteLine(Label + ": " + Passed + " checks passed, " + Failures.Count + " failed");
        foreach (string failure in Failures)
        {
            Console.WriteLine("FAILED " + failure.Replace(args[2], "***"));
        }
        return Failures.Count == 0 ? 0 : 1;
    }
}
