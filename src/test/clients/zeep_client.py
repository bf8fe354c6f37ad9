#!/usr/bin/python3
"""Calls the xWeb preference service as a Python zeep client generated from the served WSDL would.

    /usr/bin/python3 zeep_client.py WSDL_URL USER PASSWORD

Runs the same checks over the SOAP 1.1 port (netForumXMLSoap) and the SOAP 1.2
port (netForumXMLSoap12) of the served WSDL, and exits 0 only when every check
passed. Each failure is printed with the raw request and response that showed it.

Needs zeep (Debian: apt-get install python3-zeep); it uses nothing else beyond
what zeep itself depends on (requests, lxml).
"""

import re
import sys
import traceback
import uuid

sys.dont_write_bytecode = True  # no __pycache__ beside the sources when xweb_checks is imported

import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.plugins import HistoryPlugin
from zeep.transports import Transport

from xweb_checks import FIELDS, GUID, NS, SOAP11_ENV, Checks, stored_form, upper_guid

SERVICE = "netForumXML"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"
# port name -> (SOAP version label, envelope namespace, content type, client fault code)
PORTS = {
    "netForumXMLSoap": ("SOAP 1.1", SOAP11_ENV, "text/xml", "Client"),
    "netForumXMLSoap12": ("SOAP 1.2", SOAP12_ENV, "application/soap+xml", "Sender"),
}


class PortRun(Checks):
    """The checks over one port; failures are collected, not raised."""

    def __init__(self, client, history, port, user, password):
        self.version, self.envelope_ns, self.content_type, self.client_code = PORTS[port]
        super().__init__(self.version + " " + port)
        self.history = history
        self.port = port
        self.client = client
        self.service = client.bind(SERVICE, port)
        self.user = user
        self.password = password
        self.token = None

    # -- reporting ------------------------------------------------------------

    def exchange(self):
        """The last raw request and response, for a failure message (the password masked)."""
        parts = []
        for title, entry in (("request", self.history.last_sent), ("response", self.history.last_received)):
            if not entry:
                parts.append("  --- %s: none recorded" % title)
                continue
            parts.append("  --- %s headers: %s" % (title, dict(entry["http_headers"])))
            parts.append("  --- %s: %s" % (title, etree.tostring(entry["envelope"], encoding="unicode")))
        text = "\n".join(parts)
        return text.replace(self.password, "***") if self.password else text

    def check_wire(self, operation):
        """The exchange really went over this port's SOAP version, both ways."""
        sent = self.history.last_sent
        received = self.history.last_received
        self.check(sent and etree.QName(sent["envelope"]).namespace == self.envelope_ns,
                   operation + " request uses the %s envelope" % self.version)
        if self.check(received is not None, operation + " got a response envelope"):
            self.check(etree.QName(received["envelope"]).namespace == self.envelope_ns,
                       operation + " response uses the %s envelope" % self.version,
                       "got %s" % etree.QName(received["envelope"]).namespace)
            content_type = {k.lower(): v for k, v in received["http_headers"].items()}.get("content-type", "")
            self.check(content_type.startswith(self.content_type),
                       operation + " response Content-Type is " + self.content_type, repr(content_type))

    def take_token(self, result, operation):
        """Every successful response carries a token in its header; the next call uses it."""
        header = getattr(result, "header", None)
        holder = getattr(header, "AuthorizationToken", None) if header is not None else None
        token = getattr(holder, "Token", None) if holder is not None else None
        if self.check(token is not None and GUID.match(token) is not None,
                      operation + " response header carries an AuthorizationToken/Token GUID", repr(token)):
            self.token = token

    def token_from_fault(self):
        """A fault may carry a token too (single-use tokens); take it where it does."""
        received = self.history.last_received
        if received is None:
            return
        found = received["envelope"].find(".//{%s}AuthorizationToken/{%s}Token" % (NS, NS))
        if found is not None and found.text:
            self.token = found.text

    def headers(self, token=None):
        return {"AuthorizationToken": {"Token": token or self.token}}

    def expect_fault(self, operation, call, message_pattern):
        try:
            result = call()
        except Fault as fault:
            self.check(True, operation + " raises a zeep Fault")
            code = fault.code or ""
            self.check(code.split(":")[-1] == self.client_code,
                       operation + " fault code is %s" % self.client_code, repr(code))
            if message_pattern is not None:
                self.check(re.search(message_pattern, fault.message or "") is not None,
                           operation + " fault message matches %r" % message_pattern, repr(fault.message))
            return fault
        self.check(False, operation + " raises a zeep Fault", "it returned %r" % (result,))
        return None

    # -- the checks -----------------------------------------------------------

    def run(self):
        # Authenticate: the token in the body and in the response header.
        auth = self.service.Authenticate(userName=self.user, password=self.password)
        self.check_wire("Authenticate")
        result = auth.body.AuthenticateResult if auth.body is not None else None
        self.check(result is not None and GUID.match(result) is not None,
                   "AuthenticateResult is a GUID", repr(result))
        self.take_token(auth, "Authenticate")
        self.check(result == self.token, "AuthenticateResult equals the AuthorizationToken header",
                   "%r vs %r" % (result, self.token))

        # Set two settings, sent in upper case, braces on some, in descending key order.
        customer = upper_guid(braces=True)
        first, second = sorted((upper_guid(), upper_guid()), key=str.lower)
        full = {
            "mailing_list_key": "{" + second + "}",
            "mailing_list_name": "Monthly newsletter (zeep, %s)" % self.version,
            "mailing_list_category": "Newsletters",
            "status": "OptOut",
            "email_key": upper_guid(),
            "address_key": upper_guid(braces=True),
            "phone_key": upper_guid(),
            "fax_key": upper_guid(braces=True),
        }
        bare = {"mailing_list_key": first, "status": "OptIn"}
        setting_type = self.client.get_type("{%s}MailingListSetting" % NS)
        outcome = self.service.SetCustomerCommunicationPreferences(
            customerKey=customer,
            preferences={"MailingListSetting": [setting_type(**full), setting_type(**bare)]},
            _soapheaders=self.headers())
        self.check_wire("SetCustomerCommunicationPreferences")
        self.check(outcome.body is None, "SetCustomerCommunicationPreferences has an empty response body",
                   repr(outcome.body))
        self.take_token(outcome, "SetCustomerCommunicationPreferences")

        expected_full = {field: stored_form(full[field]) if field.endswith("_key") else full[field]
                         for field in FIELDS}
        expected_bare = {field: None for field in FIELDS}
        expected_bare.update(mailing_list_key=stored_form(first), status="OptIn")

        # GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
        self.check_get_all(customer, [expected_bare, expected_full], "GetAllCustomerCommunicationPreferences")

        # Get one stored list (asked for in another spelling of its key).
        got = self.service.GetCustomerCommunicationPreference(
            customerKey=stored_form(customer).upper(), preferenceTypeKey=second.lower(),
            _soapheaders=self.headers())
        self.check_wire("GetCustomerCommunicationPreference")
        self.take_token(got, "GetCustomerCommunicationPreference")
        self.check_setting("GetCustomerCommunicationPreference(stored list).mailing_list_setting",
                           got.body.mailing_list_setting if got.body is not None else None, expected_full)

        # Get a list nothing is stored for: that key, status Undefined.
        unknown = upper_guid(braces=True)
        got = self.service.GetCustomerCommunicationPreference(
            customerKey=customer, preferenceTypeKey=unknown, _soapheaders=self.headers())
        self.take_token(got, "GetCustomerCommunicationPreference")
        expected_unknown = {field: None for field in FIELDS}
        expected_unknown.update(mailing_list_key=stored_form(unknown), status="Undefined")
        self.check_setting("GetCustomerCommunicationPreference(unknown list).mailing_list_setting",
                           got.body.mailing_list_setting if got.body is not None else None, expected_unknown)

        # A bad status: a Fault naming preferences[...].status, and nothing stored.
        self.expect_fault(
            "SetCustomerCommunicationPreferences with status 'Opt In'",
            lambda: self.service.SetCustomerCommunicationPreferences(
                customerKey=customer,
                preferences={"MailingListSetting": [
                    {"mailing_list_key": first, "status": "OptOut"},
                    {"mailing_list_key": upper_guid(), "status": "Opt In"}]},
                _soapheaders=self.headers()),
            r"preferences\[\d+\]\.status")
        self.check_wire("SetCustomerCommunicationPreferences (fault)")
        self.token_from_fault()
        self.check_get_all(customer, [expected_bare, expected_full],
                           "GetAllCustomerCommunicationPreferences after the refused request")

        # An unknown token: a Fault.
        self.expect_fault(
            "GetAllCustomerCommunicationPreferences with an unknown token",
            lambda: self.service.GetAllCustomerCommunicationPreferences(
                customerKey=customer, _soapheaders=self.headers(str(uuid.uuid4()))),
            None)
        self.check_wire("GetAllCustomerCommunicationPreferences (fault)")

    def check_get_all(self, customer, expected, operation):
        everything = self.service.GetAllCustomerCommunicationPreferences(
            customerKey=customer, _soapheaders=self.headers())
        self.check_wire(operation)
        self.take_token(everything, operation)
        array = everything.body.GetAllCustomerCommunicationPreferencesResult if everything.body is not None else None
        settings = list(array.MailingListSetting) if array is not None else []
        self.check_settings(operation, settings, expected)


def main(argv):
    if len(argv) != 4:
        print("usage: %s WSDL_URL USER PASSWORD" % argv[0], file=sys.stderr)
        return 2
    wsdl, user, password = argv[1:]
    failures = []
    for port in PORTS:
        history = HistoryPlugin()
        client = zeep.Client(wsdl, transport=Transport(timeout=30, operation_timeout=30), plugins=[history])
        run = PortRun(client, history, port, user, password)
        try:
            run.run()
        except Exception:  # an unexpected error ends this port's checks, not the other port's
            run.failures.append("[%s] unexpected error:\n%s\n%s"
                                % (run.label, traceback.format_exc(), run.exchange()))
        print("zeep %s over %s (%s): %d checks passed, %d failed"
              % (zeep.__version__, port, run.version, run.passed, len(run.failures)))
        failures.extend(run.failures)
    for failure in failures:
        print("FAILED " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
