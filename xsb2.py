import sys, json, urllib.request
U='http://127.0.0.1:19051'
def post(path, body, ctype):
    req = urllib.request.Request(U + path, data=body, headers={'Content-Type': ctype})
    try:
        with urllib.request.urlopen(req) as r: return r.status, r.read()
    except urllib.error.HTTPError as e: return e.code, e.read()
st, b = post('/xWeb/JSON/Authenticate', b'{"Authenticate":{"userName":"fuzz","password":"fuzzpass123"}}', 'application/json')
tok = json.loads(b)['token']
TOK=f'<ns:AuthorizationToken><ns:Token>{tok}</ns:Token></ns:AuthorizationToken>'
def env(before, after=''):
    return ('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.avectra.com/2005/"><s:Header>'
           + before + TOK + after + '</s:Header><s:Body>'
           '<ns:GetAllCustomerCommunicationPreferences><ns:customerKey>fadff57b-c6ef-4130-be1e-07000a38056f</ns:customerKey>'
           '</ns:GetAllCustomerCommunicationPreferences></s:Body></s:Envelope>').encode()
def t(label, e):
    st,b=post('/xWeb/Secure/netForumXML.asmx', e, 'text/xml; charset=utf-8')
    ok = b'faultcode' not in b
    print(label, st, 'ok' if ok else b[b.find(b'<faultstring'):][:80])
for n in (170,171,200,400,1000):
    t(f'{n} blocks xmlns before', env('<x xmlns="urn:x"/>'*n))
for n in (171,400,1000):
    t(f'{n} blocks noNS before', env('<x/>'*n))
    t(f'{n} blocks prefixed-declared-at-envelope? before', env('<ns:y/>'*n))
    t(f'{n} blocks xmlns after', env('', '<x xmlns="urn:x"/>'*n))
for n in (100,171,343,400,1000):
    t(f'one block {n} children own ns before', env('<h xmlns="urn:h">'+''.join(f'<c xmlns="urn:c{i}"/>' for i in range(n))+'</h>'))
    t(f'one block {n} children no ns decl before', env('<h xmlns="urn:h">'+'<c/>'*n+'</h>'))
