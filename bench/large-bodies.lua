-- wrk script: SOAP Sets of the largest size the server takes by default, to
-- check that the shipped heap holds 64 of them at once (docs/SECURITY.md,
-- "Workers"). Each request stores 1,000 settings (the --max-settings default)
-- with 255-character names and categories for a new customer: about 0.96 MB,
-- under the 1 MiB --max-body-bytes default.
--
--   TOKEN=... wrk -t2 -c64 -d40s --timeout 35s -s bench/large-bodies.lua http://127.0.0.1:8080/
--
-- What it checks is that the server is still up afterwards (a small read
-- answers) and its peak resident memory. On two cores some requests wait past
-- --max-queue-wait and get 503, and those in flight when wrk stops are cut
-- off (bench/README.md); done() prints one line with the counts.

local token = os.getenv("TOKEN") or ""
local path = os.getenv("SOAP_PATH") or "/xWeb/Secure/netForumXML.asmx"

local function uuid(a, b)
   return string.format("%08x-%04x-4000-8000-%012x", a, b % 65536, b)
end

local function setting(i)
   return "<ns:MailingListSetting>"
      .. "<ns:mailing_list_key>" .. uuid(0x115, i) .. "</ns:mailing_list_key>"
      .. "<ns:mailing_list_name>" .. string.format("N%04d", i) .. string.rep("x", 250) .. "</ns:mailing_list_name>"
      .. "<ns:mailing_list_category>" .. string.format("C%04d", i) .. string.rep("y", 250) .. "</ns:mailing_list_category>"
      .. "<ns:status>OptIn</ns:status>"
      .. "<ns:email_key>" .. uuid(0xe, i) .. "</ns:email_key>"
      .. "<ns:address_key>" .. uuid(0xa, i) .. "</ns:address_key>"
      .. "<ns:phone_key>" .. uuid(0xb, i) .. "</ns:phone_key>"
      .. "</ns:MailingListSetting>"
end

local settings = {}
for i = 1, 1000 do settings[i] = setting(i) end
local head = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.avectra.com/2005/">'
   .. "<soapenv:Header><ns:AuthorizationToken><ns:Token>" .. token .. "</ns:Token></ns:AuthorizationToken></soapenv:Header>"
   .. "<soapenv:Body><ns:SetCustomerCommunicationPreferences><ns:customerKey>"
local tail = "</ns:customerKey><ns:preferences>" .. table.concat(settings)
   .. "</ns:preferences></ns:SetCustomerCommunicationPreferences></soapenv:Body></soapenv:Envelope>"
local headers = {
   ["Content-Type"] = "text/xml; charset=utf-8",
   ["SOAPAction"] = '"http://www.avectra.com/2005/SetCustomerCommunicationPreferences"',
}

local threads = 0
function setup(thread)
   thread:set("id", threads)
   threads = threads + 1
end

local counter = 0
function request()
   counter = counter + 1
   -- a new customer each time, so that the writes do not take turns on one
   return wrk.format("POST", path, headers, head .. uuid(0xb16 + (id or 0), counter) .. tail)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format("LARGE requests=%d non_2xx=%d socket_errors=%d timeouts=%d p50_ms=%.0f max_ms=%.0f\n",
      summary.requests, e.status, e.connect + e.read + e.write, e.timeout,
      latency:percentile(50) / 1000, latency.max / 1000))
end
