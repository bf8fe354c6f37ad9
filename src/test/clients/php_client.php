<?php
/*
 * Calls the xWeb preference service as a PHP SoapClient built from the served WSDL would.
 *
 *     php php_client.php WSDL_URL USER PASSWORD
 *
 * PHP's built-in ext-soap SoapClient is what many association web sites and
 * WordPress plugins call xWeb with. It offers no choice of port: the envelope
 * version comes from its soap_version option (SOAP_1_1 by default), and both
 * ports of this WSDL share one address. The same checks run with SOAP_1_1 and
 * SOAP_1_2, in WSDL mode, the way PHP users write it: __soapCall with a
 * SoapHeader for the AuthorizationToken and the $output_headers argument to read
 * the token that comes back. Exits 0 only when every check passed; each failure
 * is printed with the raw request and response that showed it.
 *
 * Needs PHP with the soap extension (Debian: apt-get install php-cli php-soap)
 * and nothing else: no DOM or SimpleXML, which php-cli does not bring.
 */

declare(strict_types=1);

const NS = 'http://www.avectra.com/2005/';
const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const GUID = '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/';
const FIELDS = ['mailing_list_key', 'mailing_list_name', 'mailing_list_category', 'status',
    'email_key', 'address_key', 'phone_key', 'fax_key'];

// soap_version => [label, envelope namespace, response content type, client fault code]
const VERSIONS = [
    SOAP_1_1 => ['SOAP 1.1', SOAP11_ENV, 'text/xml', 'Client'],
    SOAP_1_2 => ['SOAP 1.2', SOAP12_ENV, 'application/soap+xml', 'Sender'],
];

function upper_guid(bool $braces = false): string
{
    $bytes = random_bytes(16);
    $bytes[6] = chr(ord($bytes[6]) & 0x0f | 0x40);
    $bytes[8] = chr(ord($bytes[8]) & 0x3f | 0x80);
    $key = strtoupper(vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4)));
    return $braces ? '{' . $key . '}' : $key;
}

/** How the contract says the server stores and returns a key: lower case, no braces. */
function stored_form(?string $key): ?string
{
    return $key === null ? null : strtolower(trim($key, '{}'));
}

function show($value): string
{
    return var_export($value, true);
}

/** The namespace of the Envelope element of an XML text, read without DOM. */
function envelope_namespace(?string $xml): ?string
{
    if ($xml === null || !preg_match('/<(?:([\w.-]+):)?Envelope\b[^>]*>/', $xml, $match)) {
        return null;
    }
    $attribute = isset($match[1]) && $match[1] !== '' ? 'xmlns:' . $match[1] : 'xmlns';
    return preg_match('/\s' . preg_quote($attribute, '/') . '\s*=\s*["\']([^"\']*)["\']/', $match[0], $ns)
        ? $ns[1] : null;
}

/** A header line of a raw HTTP header block, by case-insensitive name. */
function http_header(?string $headers, string $name): ?string
{
    if ($headers !== null && preg_match('/^' . preg_quote($name, '/') . ':\s*(.*?)\s*$/mi', $headers, $match)) {
        return $match[1];
    }
    return null;
}

/** The checks with one soap_version; failures are collected, not raised. */
final class VersionRun
{
    public int $passed = 0;
    public array $failures = [];
    public string $label;
    private string $envelope;
    private string $contentType;
    private string $clientCode;
    private ?string $token = null;
    private SoapClient $client;

    public function __construct(string $wsdl, private int $version, private string $user, private string $password)
    {
        [$this->label, $this->envelope, $this->contentType, $this->clientCode] = VERSIONS[$version];
        $this->client = new SoapClient($wsdl, [
            'soap_version' => $version,
            'trace' => 1,
            'exceptions' => true,
            'cache_wsdl' => WSDL_CACHE_NONE,
            'connection_timeout' => 30,
        ]);
    }

    // -- reporting ------------------------------------------------------------

    /** The last raw request and response, for a failure message (the password masked). */
    public function exchange(): string
    {
        $text = implode("\n", [
            '  --- request headers: ' . trim((string) $this->client->__getLastRequestHeaders()),
            '  --- request: ' . trim((string) $this->client->__getLastRequest()),
            '  --- response headers: ' . trim((string) $this->client->__getLastResponseHeaders()),
            '  --- response: ' . trim((string) $this->client->__getLastResponse()),
        ]);
        return $this->password !== '' ? str_replace($this->password, '***', $text) : $text;
    }

    private function check(bool $condition, string $what, string $detail = ''): bool
    {
        if ($condition) {
            $this->passed++;
            return true;
        }
        $this->failures[] = sprintf("[%s] %s%s\n%s", $this->label, $what, $detail !== '' ? ': ' . $detail : '',
            $this->exchange());
        return false;
    }

    /**
     * The exchange of this very call went over this SOAP version, both ways, with the action
     * the WSDL declares for the operation and the HTTP status expected. $case names it in a failure.
     */
    private function checkWire(string $operation, int $status, ?string $case = null): void
    {
        $case ??= $operation;
        $action = NS . $operation;
        $requestHeaders = (string) $this->client->__getLastRequestHeaders();
        $sentAction = $this->version === SOAP_1_1
            ? http_header($requestHeaders, 'SOAPAction')
            : (preg_match('/;\s*action="([^"]*)"/', (string) http_header($requestHeaders, 'Content-Type'), $m)
                ? $m[1] : null);
        $this->check(trim((string) $sentAction, '"') === $action, "$case request carries the action $action",
            show($sentAction));
        $sent = envelope_namespace($this->client->__getLastRequest());
        $this->check($sent === $this->envelope, "$case request uses the {$this->label} envelope", show($sent));
        $received = envelope_namespace($this->client->__getLastResponse());
        $this->check($received === $this->envelope, "$case response uses the {$this->label} envelope",
            show($received));
        $headers = $this->client->__getLastResponseHeaders();
        $contentType = (string) http_header($headers, 'Content-Type');
        $this->check(str_starts_with(strtolower($contentType), $this->contentType),
            "$case response Content-Type is {$this->contentType}", show($contentType));
        $statusLine = strtok((string) $headers, "\r\n");
        $this->check((bool) preg_match('#^HTTP/\S+ ' . $status . '\b#', (string) $statusLine),
            "$case answers HTTP $status", show($statusLine));
    }

    // -- calling --------------------------------------------------------------

    /** The AuthorizationToken header as PHP users write it. */
    private function tokenHeader(string $token, string $namespace = NS): SoapHeader
    {
        return new SoapHeader($namespace, 'AuthorizationToken', ['Token' => $token]);
    }

    /**
     * Calls an operation with the current token (or the headers given), checks the wire
     * and takes the token from the AuthorizationToken response header.
     */
    private function call(string $operation, array $parameters, ?array $headers = null)
    {
        $headers ??= [$this->tokenHeader((string) $this->token)];
        $outputHeaders = [];
        $result = $this->client->__soapCall($operation, [$parameters], null, $headers, $outputHeaders);
        $this->checkWire($operation, 200);
        $this->takeToken($outputHeaders, $operation);
        return $result;
    }

    /** Every successful response carries a token in its header; the next call uses it. */
    private function takeToken(array $outputHeaders, string $operation): void
    {
        $holder = $outputHeaders['AuthorizationToken'] ?? null;
        $token = is_object($holder) && isset($holder->Token) ? $holder->Token : null;
        if ($this->check(is_string($token) && preg_match(GUID, $token) === 1,
            "$operation response header carries an AuthorizationToken/Token GUID (\$output_headers)",
            show($outputHeaders))) {
            $this->token = $token;
        }
    }

    /**
     * A fault may carry a token too (single-use tokens). SoapClient leaves $output_headers
     * empty when it throws, so it is read from the raw response.
     */
    private function tokenFromFault(): void
    {
        $pattern = '#<(?:[\w.-]+:)?AuthorizationToken\b[^>]*>\s*<(?:[\w.-]+:)?Token\b[^>]*>([^<]+)</#';
        if (preg_match($pattern, (string) $this->client->__getLastResponse(), $match)) {
            $this->token = trim($match[1]);
        }
    }

    /**
     * The call must throw a SoapFault that came from the server, with the client fault code;
     * its message and detail name the field. $what says which case this is.
     */
    private function expectFault(string $what, string $operation, array $parameters, ?array $headers,
                                 string $messagePattern, ?string $field): void
    {
        $case = "$operation $what";
        try {
            $result = $this->call($operation, $parameters, $headers);
        } catch (SoapFault $fault) {
            $this->check(true, "$case throws a SoapFault");
            // Every fault goes with HTTP 500 (README, Errors). A SoapFault that SoapClient raised
            // itself, without a call, leaves no exchange of this call behind; this catches that too.
            $this->checkWire($operation, 500, $case);
            $code = (string) $fault->faultcode;
            $this->check(substr(strrchr(':' . $code, ':'), 1) === $this->clientCode,
                "$case: fault code is {$this->clientCode}", show($code));
            $message = (string) $fault->faultstring;
            $this->check(preg_match($messagePattern, $message) === 1,
                "$case: fault message matches $messagePattern", show($message));
            $this->check(!str_contains($message, 'Exception') && !str_contains($message, 'at org.'),
                "$case: fault message is no stack trace", show($message));
            if ($field !== null) {
                $named = $fault->detail->FaultDetail->Field ?? null;
                $this->check($named === $field, "$case: fault detail FaultDetail/Field is $field",
                    show($fault->detail ?? null));
            }
            $this->tokenFromFault();
            return;
        }
        $this->check(false, "$case throws a SoapFault", 'it returned ' . show($result));
    }

    // -- the checks -----------------------------------------------------------

    private function checkSetting(string $where, $actual, array $expected): void
    {
        if (!$this->check(is_object($actual), "$where is present", show($actual))) {
            return;
        }
        foreach (FIELDS as $field) {
            $got = $actual->$field ?? null;
            $this->check($got === $expected[$field], "$where.$field is " . show($expected[$field]),
                'got ' . show($got));
        }
        $extra = array_diff(array_keys(get_object_vars($actual)), FIELDS);
        $this->check($extra === [], "$where has no fields beyond MailingListSetting's", show($extra));
    }

    private function checkGetAll(string $customer, array $expected, string $operation): void
    {
        $result = $this->call('GetAllCustomerCommunicationPreferences', ['customerKey' => $customer]);
        $array = $result->GetAllCustomerCommunicationPreferencesResult ?? null;
        $settings = $array->MailingListSetting ?? [];
        // Without SOAP_SINGLE_ELEMENT_ARRAYS, SoapClient gives a lone element as an object.
        $settings = is_array($settings) ? $settings : [$settings];
        $keys = array_map(fn($s) => $s->mailing_list_key ?? null, $settings);
        if ($this->check(count($settings) === count($expected), "$operation returns exactly " . count($expected)
            . ' settings', 'got keys ' . show($keys))) {
            $this->check($keys === array_column($expected, 'mailing_list_key'),
                "$operation is ordered by mailing_list_key, keys in lower case", 'got ' . show($keys));
            foreach (array_values($settings) as $index => $actual) {
                $this->checkSetting("{$operation}[$index]", $actual, $expected[$index]);
            }
        }
    }

    public function run(): void
    {
        // Authenticate (no header sent): the token in the body and in the response header.
        $auth = $this->call('Authenticate', ['userName' => $this->user, 'password' => $this->password], []);
        $result = $auth->AuthenticateResult ?? null;
        $this->check(is_string($result) && preg_match(GUID, $result) === 1, 'AuthenticateResult is a GUID',
            show($result));
        $this->check($result === $this->token, 'AuthenticateResult equals the AuthorizationToken header',
            show($result) . ' vs ' . show($this->token));

        // Set two settings, sent in upper case, braces on some, in descending key order.
        $customer = upper_guid(true);
        [$first, $second] = [upper_guid(), upper_guid()];
        if (strtolower($first) > strtolower($second)) {
            [$first, $second] = [$second, $first];
        }
        $full = [
            'mailing_list_key' => '{' . $second . '}',
            'mailing_list_name' => "Monthly newsletter (PHP SoapClient, {$this->label})",
            'mailing_list_category' => 'Newsletters',
            'status' => 'OptOut',
            'email_key' => upper_guid(),
            'address_key' => upper_guid(true),
            'phone_key' => upper_guid(),
            'fax_key' => upper_guid(true),
        ];
        $bare = ['mailing_list_key' => $first, 'status' => 'OptIn'];
        $outcome = $this->call('SetCustomerCommunicationPreferences',
            ['customerKey' => $customer, 'preferences' => ['MailingListSetting' => [$full, $bare]]]);
        $this->check(is_object($outcome) && get_object_vars($outcome) === [],
            'SetCustomerCommunicationPreferences returns an empty response', show($outcome));

        $expectedFull = [];
        foreach (FIELDS as $field) {
            $expectedFull[$field] = str_ends_with($field, '_key') ? stored_form($full[$field]) : $full[$field];
        }
        $expectedBare = array_fill_keys(FIELDS, null);
        $expectedBare['mailing_list_key'] = stored_form($first);
        $expectedBare['status'] = 'OptIn';

        // GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
        $this->checkGetAll($customer, [$expectedBare, $expectedFull], 'GetAllCustomerCommunicationPreferences');

        // Get one stored list (asked for in another spelling of its key).
        $got = $this->call('GetCustomerCommunicationPreference',
            ['customerKey' => strtoupper(stored_form($customer)), 'preferenceTypeKey' => strtolower($second)]);
        $this->checkSetting('GetCustomerCommunicationPreference(stored list).mailing_list_setting',
            $got->mailing_list_setting ?? null, $expectedFull);

        // Get a list nothing is stored for: that key, status Undefined.
        $unknown = upper_guid(true);
        $got = $this->call('GetCustomerCommunicationPreference',
            ['customerKey' => $customer, 'preferenceTypeKey' => $unknown]);
        $expectedUnknown = array_fill_keys(FIELDS, null);
        $expectedUnknown['mailing_list_key'] = stored_form($unknown);
        $expectedUnknown['status'] = 'Undefined';
        $this->checkSetting('GetCustomerCommunicationPreference(unknown list).mailing_list_setting',
            $got->mailing_list_setting ?? null, $expectedUnknown);

        // A bad status in the second setting: a SoapFault naming preferences[2].status (counted from 1),
        // and nothing stored.
        $this->expectFault("with status 'Opt In'", 'SetCustomerCommunicationPreferences', [
            'customerKey' => $customer,
            'preferences' => ['MailingListSetting' => [
                ['mailing_list_key' => $first, 'status' => 'OptOut'],
                ['mailing_list_key' => upper_guid(), 'status' => 'Opt In']]],
        ], null, '/preferences\[2\]\.status/', 'preferences[2].status');
        $this->checkGetAll($customer, [$expectedBare, $expectedFull],
            'GetAllCustomerCommunicationPreferences after the refused request');

        // The namespace without its trailing slash, an easy slip in a SoapHeader: a fault naming the one expected.
        $this->expectFault('with the header in http://www.avectra.com/2005', 'GetAllCustomerCommunicationPreferences',
            ['customerKey' => $customer], [$this->tokenHeader((string) $this->token, rtrim(NS, '/'))],
            '#' . preg_quote(NS, '#') . '#', 'AuthorizationToken');

        // No header at all: a fault asking for a token.
        $this->expectFault('without an AuthorizationToken header', 'GetAllCustomerCommunicationPreferences',
            ['customerKey' => $customer], [], '/AuthorizationToken/', null);

        // An unknown token: a fault.
        $this->expectFault('with an unknown token', 'GetAllCustomerCommunicationPreferences',
            ['customerKey' => $customer], [$this->tokenHeader(strtolower(upper_guid()))], '/AuthorizationToken/',
            null);

        // The token kept through the faults still works.
        $this->checkGetAll($customer, [$expectedBare, $expectedFull],
            'GetAllCustomerCommunicationPreferences after the faults');
    }
}

function main(array $argv): int
{
    if (count($argv) !== 4) {
        fwrite(STDERR, "usage: php php_client.php WSDL_URL USER PASSWORD\n");
        return 2;
    }
    [, $wsdl, $user, $password] = $argv;
    // A PHP warning or notice (an undefined property, a SoapClient complaint) is a failure, not noise.
    set_error_handler(function (int $severity, string $message, string $file, int $line): bool {
        throw new ErrorException($message, 0, $severity, $file, $line);
    });
    $failures = [];
    foreach (array_keys(VERSIONS) as $version) {
        $label = VERSIONS[$version][0];
        $run = null;
        try {
            $run = new VersionRun($wsdl, $version, $user, $password);
            $run->run();
        } catch (Throwable $error) { // an unexpected error ends this version's checks, not the other's
            $report = sprintf("[%s] unexpected error: %s: %s\n%s", $label, get_class($error), $error->getMessage(),
                $error->getTraceAsString());
            if ($run !== null) {
                $report .= "\n" . $run->exchange();
                $run->failures[] = $report;
            } else {
                $failures[] = $report;
            }
        }
        printf("PHP %s SoapClient with soap_version %s (%s): %d checks passed, %d failed\n", PHP_VERSION,
            $version === SOAP_1_1 ? 'SOAP_1_1' : 'SOAP_1_2', $label, $run?->passed ?? 0,
            $run === null ? 1 : count($run->failures));
        if ($run !== null) {
            array_push($failures, ...$run->failures);
        }
    }
    foreach ($failures as $failure) {
        echo 'FAILED ', $failure, "\n";
    }
    return $failures === [] ? 0 : 1;
}

exit(main($argv));
