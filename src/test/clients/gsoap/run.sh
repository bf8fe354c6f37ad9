#!/usr/bin/env bash
# Generates C++ proxies from the served WSDL with gSOAP's wsdl2h and soapcpp2,
# once for SOAP 1.1 and once for SOAP 1.2, compiles client.cpp against each
# and runs both (client.cpp says why it takes two builds). Nothing generated
# is kept.
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs wsdl2h and soapcpp2, gSOAP's headers and library, and g++
# (Debian: apt-get install gsoap libgsoap-dev g++).
set -euo pipefail
wsdl_url=$1 user=$2 password=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# wsdl2h fetches the WSDL itself, as a gSOAP user would. -N gives each binding a
# proxy of its own (without it the two bindings are merged into one service);
# -n names the schema's prefix, so that the generated type names are fixed.
wsdl2h -N xweb -n xweb -o xweb.h "$wsdl_url" >wsdl2h.log 2>&1 || { cat wsdl2h.log; exit 1; }
# What wsdl2h says about our WSDL is worth seeing in the test output.
grep -i -A1 'warning' wsdl2h.log || true

status=0
for version in 1 2; do
    mkdir "soap1$version"
    # -j: the proxy classes of current gSOAP; -C: client side only; -x: no sample messages.
    soapcpp2 "-$version" -j -C -x -d "soap1$version" -I/usr/share/gsoap/import xweb.h >soapcpp2.log 2>&1 \
        || { cat soapcpp2.log; exit 1; }
    # Its warnings, but for the expected one: that -1/-2 overrides the SOAP 1.2 namespaces wsdl2h imported.
    grep -i 'warning' soapcpp2.log | grep -v -e 'option -1 or -2 overrides SOAP-EN[VC] namespace' -e 'Compilation successful' || true
    define=
    if [ "$version" = 2 ]; then define=-DXWEB_SOAP12; fi
    (cd "soap1$version" && g++ -std=c++17 -O0 $define -I. -o client "$here/client.cpp" soapC.cpp \
        soapnetForumXMLSoapProxy.cpp soapnetForumXMLSoap12Proxy.cpp -lgsoap++)
    "soap1$version/client" "$wsdl_url" "$user" "$password" || status=1
done
exit $status
