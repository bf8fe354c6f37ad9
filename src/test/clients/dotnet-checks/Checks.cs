// What the two .NET clients (dotnet-wsdl, dotnet-wcf) keep of their checks: each
// check counted, each failure kept with what was expected and what came back, and
// keys written as a client sends them and as the contract says the server returns
// them. Compiled into each client by its run.sh; `using static Checks;` there.
using System.Collections.Generic;
using System.Text.RegularExpressions;

public static class Checks
{
    public static readonly Regex GuidPattern =
        new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    public static readonly List<string> Failures = new List<string>();
    public static int Passed;
    // Which run a failure belongs to (the proxy and SOAP version).
    public static string Label;

    public static bool Check(bool condition, string what, string detail)
    {
        if (condition)
        {
            Passed++;
            return true;
        }
        Failures.Add("[" + Label + "] " + what + (detail == null ? "" : ": " + detail));
        return false;
    }

    // One field of a setting: what was expected, and what came back.
    public static void Field(string where, string name, string actual, string expected)
    {
        Check(actual == expected, where + "." + name + " is " + Show(expected), "got " + Show(actual));
    }

    public static string UpperGuid(bool braces)
    {
        string key = System.Guid.NewGuid().ToString().ToUpperInvariant();
        return braces ? "{" + key + "}" : key;
    }

    // How the contract says the server stores and returns a key: lower case, no braces.
    public static string Stored(string key)
    {
        return key == null ? null : key.Trim('{', '}').ToLowerInvariant();
    }

    public static string Show(string value)
    {
        return value == null ? "null" : "'" + value + "'";
    }
}
