-- wrk script for xweb-preferences: one file, the scenario chosen by the
-- environment (wrk passes no options to a script's setup, but os.getenv works).
--
--   SCENARIO  soap-set       SOAP Set, two settings, a new random customer key per request
--             soap-getall    SOAP GetAll on a random one of the POOL customers
--             soap-getall-unknown  SOAP GetAll on a new random key: never stored, so
--                            every read looks up the key index at a random place
--                            (not in run.sh's table; for watching H2, bench/README.md)
--             json-bearer    JSON Set, random customer key, Authorization: Bearer TOKEN
--             json-basic     JSON Set, random customer key, Authorization: Basic BASIC
--   TOKEN     the token from Authenticate (tokens are reused while fresh, so one does)
--   BASIC     base64 of user:password
--   POOL      how many customers soap-getall reads (default 1000): run.sh seeds them first,
--             with the keys pool_key(0 .. POOL-1) below
--   SOAP_PATH, JSON_PATH  request paths (defaults: the server's)
--
-- done() prints one line starting with BENCH that run.sh parses.

local scenario = os.getenv("SCENARIO") or "soap-set"
local token = os.getenv("TOKEN") or ""
local basic = os.getenv("BASIC") or ""
local pool = tonumber(os.getenv("POOL") or "1000")
local soap_path = os.getenv("SOAP_PATH") or "/xWeb/Secure/netForumXML.asmx"
local json_path = os.getenv("JSON_PATH") or "/xWeb/JSON/SetCustomerCommunicationPreferences"

local thread_count = 0
local counter = 0

function setup(thread)
   thread:set("id", thread_count)
   thread_count = thread_count + 1
end

-- Seeds this thread's generator from /dev/urandom: os.time() alone would give
-- two wrk runs started in the same second the same customer keys.
local function seed()
   local f = io.open("/dev/urandom", "rb")
   local bytes = f:read(4)
   f:close()
   local n = 0
   for i = 1, 4 do
      n = n * 256 + bytes:byte(i)
   end
   math.randomseed(n + (id or 0))
end

local function hex16()
   return string.format("%04x", math.random(0, 65535))
end

-- A random customer key; the last group counts this thread's requests, so keys
-- never repeat within a run even if the generator did.
local function random_key()
   counter = counter + 1
   return hex16() .. hex16() .. "-" .. hex16() .. "-" .. hex16() .. "-"
      .. string.format("%04x", id or 0) .. "-" .. hex16() .. string.format("%08x", counter % 4294967296)
end

-- The pool's customer number i, as a GUID whose first group is spread out
-- (run.sh computes the same keys to seed them).
local function pool_key(i)
   local h = (i * 40503) % 65536
   local l = (i * 2654435761) % 65536
   return string.format("%04x%04x-0000-4000-8000-%012d", h, l, i)
end

local soap_set_head = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
   .. ' xmlns:ns="http://www.avectra.com/2005/"><soapenv:Header><ns:AuthorizationToken><ns:Token>'
   .. token .. '</ns:Token></ns:AuthorizationToken></soapenv:Header><soapenv:Body>'
   .. '<ns:SetCustomerCommunicationPreferences><ns:customerKey>'
local soap_set_tail = '</ns:customerKey><ns:preferences>'
   .. '<ns:MailingListSetting><ns:mailing_list_key>b31c52e4-29c1-4a65-8c53-0626342c920d</ns:mailing_list_key>'
   .. '<ns:mailing_list_name>Instructors - Online</ns:mailing_list_name>'
   .. '<ns:mailing_list_category>Instructors</ns:mailing_list_category><ns:status>OptIn</ns:status>'
   .. '<ns:email_key>abc320db-863f-441a-8ab4-5fc827fc33c2</ns:email_key>'
   .. '<ns:address_key>0f37de1d-a608-4ebc-bad1-7beaa3102f60</ns:address_key>'
   .. '<ns:phone_key>f46291d8-6b16-467f-97ef-fb16028a2b98</ns:phone_key>'
   .. '<ns:fax_key>bac08813-3231-4c42-942e-2e0d98608043</ns:fax_key></ns:MailingListSetting>'
   .. '<ns:MailingListSetting><ns:mailing_list_key>6cc179ee-99c3-4b6b-8bab-36574550a5e5</ns:mailing_list_key>'
   .. '<ns:mailing_list_name>Accreditation</ns:mailing_list_name>'
   .. '<ns:mailing_list_category>Email Opt-In</ns:mailing_list_category><ns:status>OptOut</ns:status>'
   .. '</ns:MailingListSetting></ns:preferences></ns:SetCustomerCommunicationPreferences>'
   .. '</soapenv:Body></soapenv:Envelope>'

local soap_getall_head = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
   .. ' xmlns:ns="http://www.avectra.com/2005/"><soapenv:Header><ns:AuthorizationToken><ns:Token>'
   .. token .. '</ns:Token></ns:AuthorizationToken></soapenv:Header><soapenv:Body>'
   .. '<ns:GetAllCustomerCommunicationPreferences><ns:customerKey>'
local soap_getall_tail = '</ns:customerKey></ns:GetAllCustomerCommunicationPreferences>'
   .. '</soapenv:Body></soapenv:Envelope>'

local json_set_head = '{"SetCustomerCommunicationPreferences":{"customerKey":"'
local json_set_tail = '","preferences":['
   .. '{"mailing_list_key":"b31c52e4-29c1-4a65-8c53-0626342c920d","mailing_list_name":"Instructors - Online",'
   .. '"mailing_list_category":"Instructors","status":"OptIn","email_key":"abc320db-863f-441a-8ab4-5fc827fc33c2",'
   .. '"address_key":"0f37de1d-a608-4ebc-bad1-7beaa3102f60","phone_key":"f46291d8-6b16-467f-97ef-fb16028a2b98",'
   .. '"fax_key":"bac08813-3231-4c42-942e-2e0d98608043"},'
   .. '{"mailing_list_key":"6cc179ee-99c3-4b6b-8bab-36574550a5e5","mailing_list_name":"Accreditation",'
   .. '"mailing_list_category":"Email Opt-In","status":"OptOut","email_key":null,"address_key":null,'
   .. '"phone_key":null,"fax_key":null}]}}'

local function soap_headers(action)
   return {
      ["Content-Type"] = "text/xml; charset=utf-8",
      ["SOAPAction"] = '"http://www.avectra.com/2005/' .. action .. '"',
   }
end

local set_headers = soap_headers("SetCustomerCommunicationPreferences")
local getall_headers = soap_headers("GetAllCustomerCommunicationPreferences")
local bearer_headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
local basic_headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Basic " .. basic }

local builders = {
   ["soap-set"] = function()
      return wrk.format("POST", soap_path, set_headers, soap_set_head .. random_key() .. soap_set_tail)
   end,
   ["soap-getall"] = function()
      return wrk.format("POST", soap_path, getall_headers,
         soap_getall_head .. pool_key(math.random(0, pool - 1)) .. soap_getall_tail)
   end,
   ["soap-getall-unknown"] = function()
      return wrk.format("POST", soap_path, getall_headers,
         soap_getall_head .. random_key() .. soap_getall_tail)
   end,
   ["json-bearer"] = function()
      return wrk.format("POST", json_path, bearer_headers, json_set_head .. random_key() .. json_set_tail)
   end,
   ["json-basic"] = function()
      return wrk.format("POST", json_path, basic_headers, json_set_head .. random_key() .. json_set_tail)
   end,
}

local build = builders[scenario]
if build == nil then
   error("unknown SCENARIO '" .. scenario .. "'")
end

function init(args)
   seed()
end

request = build

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d"
         .. " status_errors=%d socket_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, summary.bytes,
      math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
      math.floor(latency:percentile(99)), math.floor(latency.max),
      e.status, e.connect + e.read + e.write, e.timeout))
end
