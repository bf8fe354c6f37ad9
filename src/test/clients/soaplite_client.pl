#!/usr/bin/perl
# Calls the xWeb preference service as Perl's SOAP::Lite is written against
# .NET services, in its own manner: no WSDL (SOAP::Lite reads none of this
# one's), default_ns and on_action as its interop guide says, and values typed
# as SOAP::Lite's autotyping guesses (xsi:type xsd:int on "2025", xsd:float on
# "3.5", xsd:boolean on "true", xsd:date on "2025-01-31"). ASMX's serializer
# takes such text as the string it is; so must this service.
#
#     perl soaplite_client.pl WSDL_URL USER PASSWORD
#
# Runs the checks over SOAP 1.1 and SOAP 1.2 and exits 0 only when all passed;
# each failure is printed with the request and response that showed it.
# Needs SOAP::Lite (Debian: apt-get install libsoap-lite-perl).
use strict;
use warnings;
use utf8;
use SOAP::Lite;

binmode STDOUT, ':encoding(UTF-8)';
my ($wsdl, $user, $password) = @ARGV;
die "usage: $0 WSDL_URL USER PASSWORD\n" unless defined $password;
(my $endpoint = $wsdl) =~ s/\?.*//;
my $NS = 'http://www.avectra.com/2005/';
my $GUID = qr/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
my ($passed, @failures) = (0);

# Upper case, as .NET writes GUIDs; the service answers them in lower case.
sub new_guid {
    my @part = map { sprintf '%04X', int rand 65536 } 1 .. 8;
    return "$part[0]$part[1]-$part[2]-$part[3]-$part[4]-$part[5]$part[6]$part[7]";
}

for my $version ('1.1', '1.2') {
    SOAP::Lite->soapversion($version); # on the class: set on an object, 1.2 sent no envelope namespace
    my $soap = SOAP::Lite->new(proxy => $endpoint, timeout => 60)->default_ns($NS)
        ->on_action(sub { join '', @_ });
    $soap->on_fault(sub { $_[1] }); # the answer, fault or not, to be checked here
    my $client_code = $version eq '1.1' ? 'Client' : 'Sender';
    my $token;

    my $check = sub {
        my ($ok, $what) = @_;
        if ($ok) {
            $passed++;
            return 1;
        }
        my $request = eval { $soap->transport->http_request->content } // '';
        my $response = eval { $soap->transport->http_response->as_string } // '';
        $request =~ s/\Q$password\E/***/g;
        push @failures, "[SOAP $version] $what\n  --- request: $request\n  --- response: $response";
        return 0;
    };
    my $header = sub {
        SOAP::Header->name('AuthorizationToken')->attr({xmlns => $NS})
            ->value(\SOAP::Data->name(Token => shift // $token));
    };
    # The token every answer carries is the one the next call uses.
    my $call = sub {
        my ($operation, @parameters) = @_;
        my $som = $soap->call($operation, @parameters);
        return $som unless ref $som && !$som->fault;
        my $next = $som->valueof('//AuthorizationToken/Token');
        $token = $next if $check->(defined $next && $next =~ $GUID, "$operation answer carries a token");
        return $som;
    };
    my $fault_code = sub { # SOAP::Lite's faultcode reads SOAP 1.1 faults only
        my $som = shift;
        return ($version eq '1.1' ? $som->faultcode : $som->valueof('//Fault/Code/Value')) // '';
    };
    my $fault_text = sub {
        my $som = shift;
        return ($version eq '1.1' ? $som->faultstring : $som->valueof('//Fault/Reason/Text')) // '';
    };
    my $refused = sub {
        my ($som, $field, $what) = @_;
        return $check->(ref $som && $som->fault && $fault_code->($som) =~ /:\Q$client_code\E$/
                && index($fault_text->($som), $field) >= 0,
            "$what: a $client_code fault naming $field (got '" . (ref $som && $som->fault
                ? $fault_code->($som) . ': ' . $fault_text->($som) : 'no fault') . "')");
    };

    # Authenticate, with the values SOAP::Lite types itself.
    my $som = $call->('Authenticate', SOAP::Data->name(userName => $user), SOAP::Data->name(password => $password));
    next unless $check->(ref $som && !$som->fault && ($som->result // '') =~ $GUID,
        'Authenticate answers a token');
    $token //= $som->result;

    # Names SOAP::Lite types as int, float, boolean and date are stored as the text they are.
    my $customer = new_guid();
    my @lists = map { new_guid() } 1 .. 4;
    my %names = ($lists[0] => '2025', $lists[1] => '3.5', $lists[2] => 'true', $lists[3] => '2025-01-31');
    my @settings = map {
        SOAP::Data->name(MailingListSetting => \SOAP::Data->value(
            SOAP::Data->name(mailing_list_key => "{$_}"),
            SOAP::Data->name(mailing_list_name => $names{$_}),
            SOAP::Data->name(mailing_list_category => '42'),
            SOAP::Data->name(status => 'OptIn')))
    } @lists;
    my $customer_data = SOAP::Data->name(customerKey => $customer);
    $som = $call->('SetCustomerCommunicationPreferences', $header->(), $customer_data,
        SOAP::Data->name(preferences => \SOAP::Data->value(@settings)));
    $check->(ref $som && !$som->fault, 'Set with autotyped names succeeds');

    $som = $call->('GetAllCustomerCommunicationPreferences', $header->(), $customer_data);
    my @stored = ref $som && !$som->fault
        ? $som->valueof('//GetAllCustomerCommunicationPreferencesResult/MailingListSetting') : ();
    my @keys = sort map { lc } @lists;
    $check->(join(',', map { $_->{mailing_list_key} } @stored) eq join(',', @keys),
        'GetAll answers the four lists, in lower case, ordered by key');
    for my $setting (@stored) {
        my ($sent) = grep { lc $_ eq $setting->{mailing_list_key} } @lists;
        $check->(defined $sent && $setting->{mailing_list_name} eq $names{$sent}
                && $setting->{mailing_list_category} eq '42' && $setting->{status} eq 'OptIn',
            "the list named '" . ($sent ? $names{$sent} : '?') . "' reads back as sent");
    }

    $som = $call->('GetCustomerCommunicationPreference', $header->(), $customer_data,
        SOAP::Data->name(preferenceTypeKey => $lists[2]));
    my $one = ref $som && !$som->fault ? $som->valueof('//mailing_list_setting') : {};
    $check->(($one->{mailing_list_name} // '') eq 'true', 'Get answers the list named "true"');
    $som = $call->('GetCustomerCommunicationPreference', $header->(), $customer_data,
        SOAP::Data->name(preferenceTypeKey => new_guid()));
    $one = ref $som && !$som->fault ? $som->valueof('//mailing_list_setting') : {};
    $check->(($one->{status} // '') eq 'Undefined', 'Get of a list never set answers Undefined');

    # Text outside ASCII SOAP::Lite sends base64-encoded, typed xsd:base64Binary: refused, as taking
    # it as it stands would store the base64 letters; typed as a string it is stored as it is.
    my $cafe = new_guid();
    $som = $call->('SetCustomerCommunicationPreferences', $header->(), $customer_data,
        SOAP::Data->name(preferences => \SOAP::Data->name(MailingListSetting => \SOAP::Data->value(
            SOAP::Data->name(mailing_list_key => $cafe), SOAP::Data->name(mailing_list_name => 'Café – Zürich'),
            SOAP::Data->name(status => 'OptOut')))));
    $refused->($som, 'mailing_list_name', 'a base64-encoded name');
    $check->(index($fault_text->($som), 'autotype') >= 0, 'the refusal says how SOAP::Lite sends text');
    $som = $call->('SetCustomerCommunicationPreferences', $header->(), $customer_data,
        SOAP::Data->name(preferences => \SOAP::Data->name(MailingListSetting => \SOAP::Data->value(
            SOAP::Data->name(mailing_list_key => $cafe),
            SOAP::Data->name(mailing_list_name => 'Café – Zürich')->type('string'),
            SOAP::Data->name(status => 'OptOut')))));
    $check->(ref $som && !$som->fault, 'a name typed as a string is stored');
    $som = $call->('GetCustomerCommunicationPreference', $header->(), $customer_data,
        SOAP::Data->name(preferenceTypeKey => $cafe));
    $one = ref $som && !$som->fault ? $som->valueof('//mailing_list_setting') : {};
    $check->(($one->{mailing_list_name} // '') eq 'Café – Zürich', 'it reads back as sent');

    # A list written as a Perl array: SOAP::Lite names it soapenc:Array, as ASMX reads it.
    my $listed = new_guid();
    $som = $call->('SetCustomerCommunicationPreferences', $header->(), $customer_data,
        SOAP::Data->name(preferences => [SOAP::Data->name(MailingListSetting => \SOAP::Data->value(
            SOAP::Data->name(mailing_list_key => $listed), SOAP::Data->name(status => 'OptOut')))]));
    $check->(ref $som && !$som->fault, 'a list written as a Perl array (soapenc:Array) is stored');
    $som = $call->('GetCustomerCommunicationPreference', $header->(), $customer_data,
        SOAP::Data->name(preferenceTypeKey => $listed));
    $one = ref $som && !$som->fault ? $som->valueof('//mailing_list_setting') : {};
    $check->(($one->{status} // '') eq 'OptOut', 'it reads back as sent');

    # Faults.
    $som = $call->('GetCustomerCommunicationPreference', $header->(), $customer_data,
        SOAP::Data->name(preferenceTypeKey => 'not-a-guid'));
    $refused->($som, 'preferenceTypeKey', 'a bad GUID');
    $som = $soap->call('GetAllCustomerCommunicationPreferences', $header->('00000000-0000-0000-0000-000000000000'),
        $customer_data);
    $refused->($som, 'Token', 'an unknown token');
}

print "SOAP::Lite $SOAP::Lite::VERSION: $passed checks passed, " . scalar(@failures) . " failed\n";
print "FAILED: $_\n" for @failures;
exit(@failures ? 1 : 0);
