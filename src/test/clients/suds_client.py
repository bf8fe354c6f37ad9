#!/usr/bin/python3
"""Calls the xWeb preference service as a Python suds client built from the served WSDL would.

    /usr/bin/python3 suds_client.py WSDL_URL USER PASSWORD

suds (suds-community) is the older of the two Python SOAP clients and still in
many integration scripts. It speaks SOAP 1.1 only, so the checks run over the
SOAP 1.1 port (netForumXMLSoap). Exits 0 only when every check passed; each
failure is printed with the raw request and response that showed it.

Needs suds (Debian: apt-get install python3-suds) and nothing else beyond the
standard library.
"""

import re
import sys
import traceback
import uuid
import xml.etree.ElementTree as ElementTree

sys.dont_write_bytecode = True  # no __pycache__ beside the sources when xweb_checks is imported

import suds
from suds import WebFault
from suds.client import Client
from suds.plugin import MessagePlugin

from xweb_checks import FIELDS, GUID, NS, SOAP11_ENV, Checks, stored_form, upper_guid

PORT = "netForumXMLSoap"


class Wire(MessagePlugin):
    """Keeps the last request and response as they went over the wire."""

    def __init__(self):
        self.request = None
        self.reply = None

    def sending(self, context):
        self.request = bytes(context.envelope)
        self.reply = None

    def received(self, context):
        self.reply = bytes(context.reply)


class Run(Checks):
    """The checks; failures are collected, not raised."""

    def __init__(self, wsdl, user, password):
        super().__init__("suds " + PORT)
        self.wire = Wire()
        self.client = Client(wsdl, plugins=[self.wire], timeout=30)
        self.client.set_options(port=PORT)
        self.user = user
        self.password = password
        self.token = None

    # -- reporting ------------------------------------------------------------

    def exchange(self):
        def text(data):
            return "none recorded" if data is None else data.decode("utf-8", "replace")
        report = "  --- request: %s\n  --- response: %s" % (text(self.wire.request), text(self.wire.reply))
        return report.replace(self.password, "***") if self.password else report

    def response_token(self):
        """The AuthorizationToken/Token of the last response's SOAP header, read from the raw reply."""
        if self.wire.reply is None:
            return None
        document = ElementTree.fromstring(self.wire.reply)
        self.check(document.tag == "{%s}Envelope" % SOAP11_ENV, "the response is a SOAP 1.1 envelope", document.tag)
        found = document.find("{%s}Header/{%s}AuthorizationToken/{%s}Token" % (SOAP11_ENV, NS, NS))
        return None if found is None else found.text

    def take_token(self, operation):
        token = self.response_token()
        if self.check(token is not None and GUID.match(token) is not None,
                      operation + " response header carries an AuthorizationToken/Token GUID", repr(token)):
            self.token = token

    def use_token(self, token=None):
        header = self.client.factory.create("AuthorizationToken")
        header.Token = token or self.token
        self.client.set_options(soapheaders=header)

    def expect_fault(self, operation, call, message_pattern):
        try:
            result = call()
        except WebFault as error:
            self.check(True, operation + " raises a suds WebFault")
            code = str(getattr(error.fault, "faultcode", ""))
            self.check(code.split(":")[-1] == "Client", operation + " fault code is Client", repr(code))
            message = str(getattr(error.fault, "faultstring", ""))
            if message_pattern is not None:
                self.check(re.search(message_pattern, message) is not None,
                           operation + " fault message matches %r" % message_pattern, repr(message))
            return
        self.check(False, operation + " raises a suds WebFault", "it returned %r" % (result,))

    # -- the checks -----------------------------------------------------------

    def setting(self, values):
        setting = self.client.factory.create("MailingListSetting")
        for field, value in values.items():
            setattr(setting, field, value)
        return setting

    def run(self):
        service = self.client.service

        result = service.Authenticate(userName=self.user, password=self.password)
        self.check(result is not None and GUID.match(str(result)) is not None,
                   "AuthenticateResult is a GUID", repr(result))
        self.take_token("Authenticate")
        self.check(str(result) == self.token, "AuthenticateResult equals the AuthorizationToken header",
                   "%r vs %r" % (result, self.token))

        customer = upper_guid(braces=True)
        first, second = sorted((upper_guid(), upper_guid()), key=str.lower)
        full = {
            "mailing_list_key": "{" + second + "}",
            "mailing_list_name": "Monthly newsletter (suds)",
            "mailing_list_category": "Newsletters",
            "status": "OptOut",
            "email_key": upper_guid(),
            "address_key": upper_guid(braces=True),
            "phone_key": upper_guid(),
            "fax_key": upper_guid(braces=True),
        }
        bare = {"mailing_list_key": first, "status": "OptIn"}
        array = self.client.factory.create("ArrayOfMailingListSetting")
        array.MailingListSetting = [self.setting(full), self.setting(bare)]
        self.use_token()
        outcome = service.SetCustomerCommunicationPreferences(customerKey=customer, preferences=array)
        self.check(outcome is None, "SetCustomerCommunicationPreferences returns nothing", repr(outcome))
        self.take_token("SetCustomerCommunicationPreferences")

        expected_full = {field: stored_form(full[field]) if field.endswith("_key") else full[field]
                         for field in FIELDS}
        expected_bare = {field: None for field in FIELDS}
        expected_bare.update(mailing_list_key=stored_form(first), status="OptIn")
        self.check_get_all(customer, [expected_bare, expected_full], "GetAllCustomerCommunicationPreferences")

        self.use_token()
        got = service.GetCustomerCommunicationPreference(customerKey=stored_form(customer).upper(),
                                                         preferenceTypeKey=second.lower())
        self.take_token("GetCustomerCommunicationPreference")
        self.check_setting("GetCustomerCommunicationPreference(stored list)", got, expected_full)

        unknown = upper_guid(braces=True)
        self.use_token()
        got = service.GetCustomerCommunicationPreference(customerKey=customer, preferenceTypeKey=unknown)
        self.take_token("GetCustomerCommunicationPreference")
        expected_unknown = {field: None for field in FIELDS}
        expected_unknown.update(mailing_list_key=stored_form(unknown), status="Undefined")
        self.check_setting("GetCustomerCommunicationPreference(unknown list)", got, expected_unknown)

        refused = self.client.factory.create("ArrayOfMailingListSetting")
        refused.MailingListSetting = [self.setting({"mailing_list_key": first, "status": "OptOut"}),
                                      self.setting({"mailing_list_key": upper_guid(), "status": "Opt In"})]
        self.use_token()
        self.expect_fault("SetCustomerCommunicationPreferences with status 'Opt In'",
                          lambda: service.SetCustomerCommunicationPreferences(customerKey=customer,
                                                                              preferences=refused),
                          r"preferences\[\d+\]\.status")
        fault_token = self.response_token()
        if fault_token:
            self.token = fault_token
        self.check_get_all(customer, [expected_bare, expected_full],
                           "GetAllCustomerCommunicationPreferences after the refused request")

        self.use_token(str(uuid.uuid4()))
        self.expect_fault("GetAllCustomerCommunicationPreferences with an unknown token",
                          lambda: service.GetAllCustomerCommunicationPreferences(customerKey=customer), None)

    def check_get_all(self, customer, expected, operation):
        self.use_token()
        array = self.client.service.GetAllCustomerCommunicationPreferences(customerKey=customer)
        self.take_token(operation)
        settings = list(getattr(array, "MailingListSetting", None) or []) if array is not None else []
        self.check_settings(operation, settings, expected)


def main(argv):
    if len(argv) != 4:
        print("usage: %s WSDL_URL USER PASSWORD" % argv[0], file=sys.stderr)
        return 2
    wsdl, user, password = argv[1:]
    run = Run(wsdl, user, password)
    try:
        run.run()
    except Exception:  # an unexpected error ends the checks; it is reported as a failure
        run.failures.append("[%s] unexpected error:\n%s\n%s" % (run.label, traceback.format_exc(), run.exchange()))
    print("suds %s over %s (SOAP 1.1): %d checks passed, %d failed"
          % (suds.__version__, PORT, run.passed, len(run.failures)))
    for failure in run.failures:
        print("FAILED " + failure)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
