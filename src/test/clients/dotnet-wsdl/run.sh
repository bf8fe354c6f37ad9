#!/usr/bin/env bash
# Generates .NET proxies from the served WSDL with the `wsdl` tool (as "Add Web
# Reference" in .NET Framework does), one for SOAP 1.1 and one for SOAP 1.2
# (that one found from the bare service address, through the page and ?disco),
# compiles each with Client.cs, and runs both on Mono.
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs Mono's wsdl, mcs and mono (Debian: apt-get install mono-devel).
set -euo pipefail
wsdl_url=$1 user=$2 password=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for protocol in SOAP SOAP12; do
    # The SOAP 1.2 proxy from the service's bare address, as a person types it into Add Web
    # Reference: the tool reads the page there, follows its link to ?disco, and from that to the WSDL.
    from=$wsdl_url
    [[ $protocol == SOAP12 ]] && from=${wsdl_url%%\?*}
    wsdl -nologo -protocol:"$protocol" -namespace:Xweb -out:"$work/Proxy$protocol.cs" "$from" >"$work/wsdl.log" \
        || { cat "$work/wsdl.log"; exit 1; }
    mcs -warn:0 -out:"$work/client$protocol.exe" -r:System.Web.Services.dll \
        "$here/Client.cs" "$here/../dotnet-checks/Checks.cs" "$work/Proxy$protocol.cs"
    mono "$work/client$protocol.exe" "${wsdl_url%%\?*}" "$user" "$password" || status=1
done
exit $status
