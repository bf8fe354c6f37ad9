"""What the Python client scripts share: the contract's fixed values, and checks
that are collected rather than raised. Each script talks to the server through
its own SOAP library; only the bookkeeping and the expected values live here.
Standard library only.
"""

import re
import uuid

NS = "http://www.avectra.com/2005/"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
FIELDS = ("mailing_list_key", "mailing_list_name", "mailing_list_category", "status",
          "email_key", "address_key", "phone_key", "fax_key")


def upper_guid(braces=False):
    key = str(uuid.uuid4()).upper()
    return "{" + key + "}" if braces else key


def stored_form(key):
    """How the contract says the server stores and returns a key: lower case, no braces."""
    return None if key is None else key.strip("{}").lower()


class Checks:
    """Counts passed checks and keeps each failure with the exchange that showed it.

    A subclass sets self.label (which client, which port) and says what the last
    raw exchange was in exchange().
    """

    def __init__(self, label):
        self.label = label
        self.failures = []
        self.passed = 0

    def exchange(self):
        raise NotImplementedError

    def check(self, condition, what, detail=""):
        if condition:
            self.passed += 1
            return True
        message = "[%s] %s" % (self.label, what)
        if detail:
            message += ": " + detail
        self.failures.append(message + "\n" + self.exchange())
        return False

    def check_setting(self, where, actual, expected):
        if not self.check(actual is not None, where + " is present"):
            return
        for field in FIELDS:
            got = getattr(actual, field, None)
            got = None if got is None else str(got)  # suds hands back its own text type
            self.check(got == expected[field], "%s.%s is %r" % (where, field, expected[field]), "got %r" % (got,))

    def check_settings(self, operation, settings, expected):
        """A MailingListSetting array: exactly the expected settings, in the expected order."""
        keys = [str(s.mailing_list_key) for s in settings]
        if self.check(len(settings) == len(expected), operation + " returns exactly %d settings" % len(expected),
                      "got keys %r" % keys):
            self.check(keys == [e["mailing_list_key"] for e in expected],
                       operation + " is ordered by mailing_list_key, keys in lower case", "got %r" % keys)
            for index, (actual, wanted) in enumerate(zip(settings, expected)):
                self.check_setting("%s[%d]" % (operation, index), actual, wanted)
