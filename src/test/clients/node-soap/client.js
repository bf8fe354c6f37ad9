#!/usr/bin/env node
// Calls the xWeb preference service as a node-soap client generated from the served WSDL would.
//
//     node client.js WSDL_URL USER PASSWORD
//
// Runs the same checks twice:
//  - with node-soap's defaults: createClientAsync(wsdl) and the client's top-level
//    methods. node-soap binds those to the LAST port of the service, which in this
//    WSDL is netForumXMLSoap (SOAP 1.1); the script checks that it is.
//  - over netForumXMLSoap12: node-soap does not take the SOAP version from the
//    binding, so a client that wants SOAP 1.2 passes forceSoap12Headers: true and
//    calls client.netForumXML.netForumXMLSoap12.<Operation>.
// Exits 0 only when every check passed; each failure is printed with the raw
// request and response that showed it. Needs `npm ci` in this directory first.
'use strict';

const crypto = require('node:crypto');
const util = require('node:util');
const soap = require('soap');
const soapVersion = require('soap/package.json').version;

const SERVICE = 'netForumXML';
const NS = 'http://www.avectra.com/2005/';
const SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const OPTIONAL_KEYS = ['email_key', 'address_key', 'phone_key', 'fax_key'];
const FIELDS = ['mailing_list_key', 'mailing_list_name', 'mailing_list_category', 'status', ...OPTIONAL_KEYS];

const RUNS = [
  { port: 'netForumXMLSoap', label: 'SOAP 1.1', options: {}, viaDefaultMethods: true,
    envelope: SOAP11_ENV, contentType: 'text/xml', clientCode: 'Client' },
  { port: 'netForumXMLSoap12', label: 'SOAP 1.2', options: { forceSoap12Headers: true }, viaDefaultMethods: false,
    envelope: SOAP12_ENV, contentType: 'application/soap+xml', clientCode: 'Sender' },
];

const upperGuid = (braces = false) => {
  const key = crypto.randomUUID().toUpperCase();
  return braces ? `{${key}}` : key;
};
// How the contract says the server stores and returns a key: lower case, no braces.
const storedForm = (key) => (key === undefined || key === null ? undefined : key.replace(/^\{|\}$/g, '').toLowerCase());
const asList = (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const envelopeNamespace = (xml) => {
  const match = /<(?:([\w.-]+):)?Envelope\b[^>]*>/.exec(xml || '');
  if (!match) return undefined;
  const attr = match[1] ? `xmlns:${match[1]}` : 'xmlns';
  const ns = new RegExp(`${attr}\\s*=\\s*["']([^"']*)["']`).exec(match[0]);
  return ns ? ns[1] : undefined;
};
const headerValue = (headers, name) => {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
};

class PortRun {
  constructor(run, user, password) {
    Object.assign(this, run);
    this.user = user;
    this.password = password;
    this.failures = [];
    this.passed = 0;
    this.token = undefined;
    this.last = {};
  }

  async connect(wsdl) {
    this.client = await soap.createClientAsync(wsdl, this.options);
    this.client.on('request', (xml) => {
      this.last = { request: xml };
    });
    this.client.on('response', (body, response) => {
      this.last.response = body;
      this.last.status = response && response.status;
      this.last.responseHeaders = response && response.headers;
    });
    const ports = Object.keys(this.client[SERVICE]);
    this.defaultPort = ports.find((p) => this.client[SERVICE][p].Authenticate === this.client.Authenticate);
    if (this.viaDefaultMethods) {
      this.check(this.defaultPort === this.port,
        `node-soap's top-level methods are bound to port ${this.port}`, `they are bound to ${this.defaultPort}`);
    }
  }

  // -- reporting --------------------------------------------------------------

  exchange() {
    const show = (value) => (typeof value === 'string' ? value : util.inspect(value, { depth: 4 }));
    const text = [
      `  --- request: ${show(this.last.request)}`,
      `  --- request HTTP headers: ${show(this.client && this.client.lastRequestHeaders)}`,
      `  --- response HTTP ${this.last.status} headers: ${show(this.last.responseHeaders)}`,
      `  --- response: ${show(this.last.response)}`,
    ].join('\n');
    return this.password ? text.split(this.password).join('***') : text;
  }

  check(condition, what, detail) {
    if (condition) {
      this.passed += 1;
      return true;
    }
    this.failures.push(`[${this.label} ${this.port}] ${what}${detail ? `: ${detail}` : ''}\n${this.exchange()}`);
    return false;
  }

  checkWire(operation) {
    this.check(envelopeNamespace(this.last.request) === this.envelope,
      `${operation} request uses the ${this.label} envelope`, `got ${envelopeNamespace(this.last.request)}`);
    this.check(envelopeNamespace(this.last.response) === this.envelope,
      `${operation} response uses the ${this.label} envelope`, `got ${envelopeNamespace(this.last.response)}`);
    const contentType = String(headerValue(this.last.responseHeaders, 'content-type') || '');
    this.check(contentType.startsWith(this.contentType),
      `${operation} response Content-Type is ${this.contentType}`, JSON.stringify(contentType));
  }

  // -- calling ----------------------------------------------------------------

  method(operation) {
    const fn = this.viaDefaultMethods ? this.client[operation] : this.client[SERVICE][this.port][operation];
    return (args) => new Promise((resolve, reject) => {
      fn(args, (err, result, rawResponse, soapHeader) => (err ? reject(err) : resolve({ result, soapHeader })));
    });
  }

  /** The AuthorizationToken header as node-soap adds it: in the service's namespace. */
  useToken(token) {
    this.client.clearSoapHeaders();
    this.client.addSoapHeader({ AuthorizationToken: { Token: token } }, '', 'tns', NS);
  }

  async call(operation, args, token = this.token) {
    if (token === null) {
      this.client.clearSoapHeaders();
    } else {
      this.useToken(token);
    }
    const answer = await this.method(operation)(args);
    this.checkWire(operation);
    this.check(this.last.status === 200, `${operation} answers HTTP 200`, `got ${this.last.status}`);
    this.takeToken(answer.soapHeader, operation);
    return answer.result;
  }

  /** Every successful response carries a token in its header; the next call uses it. */
  takeToken(soapHeader, operation) {
    const token = soapHeader && soapHeader.AuthorizationToken && soapHeader.AuthorizationToken.Token;
    if (this.check(typeof token === 'string' && GUID.test(token),
      `${operation} response header carries an AuthorizationToken/Token GUID`, util.inspect(soapHeader))) {
      this.token = token;
    }
  }

  /** A fault may carry a token too (single-use tokens); take it where it does. */
  tokenFromFault(error) {
    const header = error && error.root && error.root.Envelope && error.root.Envelope.Header;
    const token = header && header.AuthorizationToken && header.AuthorizationToken.Token;
    if (typeof token === 'string' && token) this.token = token;
  }

  async expectFault(operation, args, token, messagePattern) {
    let result;
    try {
      result = await this.call(operation, args, token);
    } catch (error) {
      const fault = error && error.root && error.root.Envelope && error.root.Envelope.Body && error.root.Envelope.Body.Fault;
      if (!this.check(fault, `${operation} is rejected with a SOAP fault`, String(error && error.stack))) return error;
      this.checkWire(operation);
      const code = String(fault.faultcode || (fault.Code && fault.Code.Value) || '');
      const message = String(fault.faultstring || (fault.Reason && (fault.Reason.Text && (fault.Reason.Text.$value || fault.Reason.Text))) || '');
      this.check(code.split(':').pop() === this.clientCode, `${operation} fault code is ${this.clientCode}`, JSON.stringify(code));
      if (messagePattern) {
        this.check(messagePattern.test(message), `${operation} fault message matches ${messagePattern}`, JSON.stringify(message));
      }
      this.tokenFromFault(error);
      return error;
    }
    this.check(false, `${operation} is rejected with a SOAP fault`, `it returned ${util.inspect(result)}`);
    return undefined;
  }

  // -- the checks -------------------------------------------------------------

  checkSetting(where, actual, expected) {
    if (!this.check(actual && typeof actual === 'object', `${where} is present`, util.inspect(actual))) return;
    for (const field of FIELDS) {
      this.check(actual[field] === expected[field], `${where}.${field} is ${JSON.stringify(expected[field])}`,
        `got ${JSON.stringify(actual[field])}`);
    }
    const extra = Object.keys(actual).filter((k) => !FIELDS.includes(k) && k !== 'attributes');
    this.check(extra.length === 0, `${where} has no fields beyond MailingListSetting's`, JSON.stringify(extra));
  }

  async checkGetAll(customer, expected, operation) {
    const result = await this.call('GetAllCustomerCommunicationPreferences', { customerKey: customer });
    const array = result && result.GetAllCustomerCommunicationPreferencesResult;
    const settings = asList(array && array.MailingListSetting);
    const keys = settings.map((s) => s && s.mailing_list_key);
    if (this.check(settings.length === expected.length, `${operation} returns exactly ${expected.length} settings`,
      `got keys ${JSON.stringify(keys)}`)) {
      this.check(JSON.stringify(keys) === JSON.stringify(expected.map((e) => e.mailing_list_key)),
        `${operation} is ordered by mailing_list_key, keys in lower case`, `got ${JSON.stringify(keys)}`);
      settings.forEach((actual, index) => this.checkSetting(`${operation}[${index}]`, actual, expected[index]));
    }
  }

  async run() {
    // Authenticate: the token in the body and in the response header.
    const auth = await this.call('Authenticate', { userName: this.user, password: this.password }, null);
    const result = auth && auth.AuthenticateResult;
    this.check(typeof result === 'string' && GUID.test(result), 'AuthenticateResult is a GUID', JSON.stringify(result));
    this.check(result === this.token, 'AuthenticateResult equals the AuthorizationToken header',
      `${result} vs ${this.token}`);

    // Set two settings, sent in upper case, braces on some, in descending key order.
    const customer = upperGuid(true);
    const [first, second] = [upperGuid(), upperGuid()].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const full = {
      mailing_list_key: `{${second}}`,
      mailing_list_name: `Monthly newsletter (node-soap, ${this.label})`,
      mailing_list_category: 'Newsletters',
      status: 'OptOut',
      email_key: upperGuid(),
      address_key: upperGuid(true),
      phone_key: upperGuid(),
      fax_key: upperGuid(true),
    };
    const bare = { mailing_list_key: first, status: 'OptIn' };
    await this.call('SetCustomerCommunicationPreferences',
      { customerKey: customer, preferences: { MailingListSetting: [full, bare] } });
    this.check(/<(\w+:)?SetCustomerCommunicationPreferencesResponse\b[^>]*\/>|<(\w+:)?SetCustomerCommunicationPreferencesResponse\b[^>]*>\s*<\//
      .test(this.last.response || ''), 'SetCustomerCommunicationPreferencesResponse is empty');

    const expectedFull = Object.fromEntries(FIELDS.map((f) => [f, f.endsWith('_key') ? storedForm(full[f]) : full[f]]));
    const expectedBare = Object.fromEntries(FIELDS.map((f) => [f, undefined]));
    Object.assign(expectedBare, { mailing_list_key: storedForm(first), status: 'OptIn' });

    // GetAll: exactly those two, ordered by mailing_list_key, keys in lower case.
    await this.checkGetAll(customer, [expectedBare, expectedFull], 'GetAllCustomerCommunicationPreferences');

    // Get one stored list (asked for in another spelling of its key).
    let got = await this.call('GetCustomerCommunicationPreference',
      { customerKey: storedForm(customer).toUpperCase(), preferenceTypeKey: second.toLowerCase() });
    this.checkSetting('GetCustomerCommunicationPreference(stored list).mailing_list_setting',
      got && got.mailing_list_setting, expectedFull);

    // Get a list nothing is stored for: that key, status Undefined.
    const unknown = upperGuid(true);
    got = await this.call('GetCustomerCommunicationPreference', { customerKey: customer, preferenceTypeKey: unknown });
    const expectedUnknown = Object.fromEntries(FIELDS.map((f) => [f, undefined]));
    Object.assign(expectedUnknown, { mailing_list_key: storedForm(unknown), status: 'Undefined' });
    this.checkSetting('GetCustomerCommunicationPreference(unknown list).mailing_list_setting',
      got && got.mailing_list_setting, expectedUnknown);

    // A bad status: a fault naming preferences[...].status, and nothing stored.
    await this.expectFault('SetCustomerCommunicationPreferences', {
      customerKey: customer,
      preferences: { MailingListSetting: [{ mailing_list_key: first, status: 'OptOut' }, { mailing_list_key: upperGuid(), status: 'Opt In' }] },
    }, this.token, /preferences\[\d+\]\.status/);
    await this.checkGetAll(customer, [expectedBare, expectedFull],
      'GetAllCustomerCommunicationPreferences after the refused request');

    // The header as node-soap writes it when no namespace is given: a fault naming the namespace.
    this.client.clearSoapHeaders();
    this.client.addSoapHeader({ AuthorizationToken: { Token: this.token } });
    let error;
    try {
      await this.method('GetAllCustomerCommunicationPreferences')({ customerKey: customer });
    } catch (e) {
      error = e;
    }
    this.check(error && /http:\/\/www\.avectra\.com\/2005\//.test(String(error.message)),
      'an AuthorizationToken header in no namespace gets a fault naming the namespace expected',
      error ? JSON.stringify(String(error.message)) : 'the call succeeded');
    this.tokenFromFault(error);

    // An unknown token: a fault.
    await this.expectFault('GetAllCustomerCommunicationPreferences', { customerKey: customer }, crypto.randomUUID(), null);
  }
}

async function main(argv) {
  if (argv.length !== 3) {
    console.error('usage: node client.js WSDL_URL USER PASSWORD');
    return 2;
  }
  const [wsdl, user, password] = argv;
  const failures = [];
  for (const run of RUNS) {
    const portRun = new PortRun(run, user, password);
    try {
      await portRun.connect(wsdl);
      await portRun.run();
    } catch (error) {
      // an unexpected error ends this port's checks, not the other port's
      portRun.failures.push(`[${portRun.label} ${portRun.port}] unexpected error: ${error && error.stack}\n${portRun.exchange()}`);
    }
    const how = run.viaDefaultMethods ? `node-soap's default methods (port ${portRun.defaultPort})` : `client.${SERVICE}.${run.port} with forceSoap12Headers`;
    console.log(`node-soap ${soapVersion} over ${run.port} (${run.label}) via ${how}: ${portRun.passed} checks passed, ${portRun.failures.length} failed`);
    failures.push(...portRun.failures);
  }
  for (const failure of failures) console.log(`FAILED ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error) => {
  console.log(`FAILED unexpected error: ${error && error.stack}`);
  process.exitCode = 1;
});
