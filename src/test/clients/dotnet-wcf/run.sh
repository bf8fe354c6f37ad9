#!/usr/bin/env bash
# Generates a WCF proxy from the served WSDL with Mono's `svcutil` (the ClientBase<T>
# proxy that .NET's "Add Service Reference" and svcutil make), found from the bare
# service address as a person types it in (svcutil reads the page there, follows its
# link to ?disco, and from that to the WSDL), compiles it with Client.cs, and runs
# it on Mono's System.ServiceModel over SOAP 1.1 (BasicHttpBinding) and SOAP 1.2
# (a CustomBinding of TextMessageEncoding with MessageVersion.Soap12 over HTTP).
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs Mono's svcutil, mcs and mono, and System.ServiceModel (Debian: apt-get
# install mono-devel).
#
# Mono's svcutil writes two things in the contract otherwise than Microsoft's
# svcutil does, and both would make every call fail whatever the server did; they
# are set here as Microsoft's svcutil writes them, and the script stops if the
# generated proxy no longer has the shape these edits expect:
# - each operation's Action is "*" and its ReplyAction the WSDL's soapAction, so that
#   Mono sends SOAPAction "*" (refused, as ASMX refuses it). Microsoft's svcutil writes
#   Action = the soapAction and ReplyAction = "*".
# - GetCustomerCommunicationPreference's result lacks
#   [return: MessageParameter(Name="mailing_list_setting")], the name of the WSDL's
#   result element, so the proxy looks for GetCustomerCommunicationPreferenceResult
#   and returns null.
# What Mono's WCF runtime does otherwise than .NET's is worked around in Client.cs.
set -euo pipefail
wsdl_url=$1 user=$2 password=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
address=${wsdl_url%%\?*}
(cd "$work" && svcutil --noLogo --noConfig -o Generated.cs "$address") >"$work/svcutil.log" 2>&1 \
    && [[ -s $work/Generated.cs ]] || { echo "svcutil made no proxy from $address:"; cat "$work/svcutil.log"; exit 1; }

operations=5 # Authenticate, Set, GetAll, Get, GetHistory
found=$(grep -cE 'OperationContractAttribute\(Action="\*", ReplyAction="http://www\.avectra\.com/2005/[A-Za-z]+"\)' \
    "$work/Generated.cs" || true)
[[ $found == "$operations" ]] || { echo "svcutil wrote $found operations with Action \"*\" and the soapAction as" \
    "ReplyAction, not $operations; the edits below no longer fit:"; grep -n 'OperationContract' "$work/Generated.cs"; exit 1; }
sed -E -e 's/Action="\*", ReplyAction="([^"]*)"/Action="\1", ReplyAction="*"/' \
    -e 's/^( *)(www\.avectra\.com\._2005\.MailingListSetting GetCustomerCommunicationPreference\(.*\);)$/\1[return: System.ServiceModel.MessageParameterAttribute(Name="mailing_list_setting")]\n\1\2/' \
    "$work/Generated.cs" >"$work/Proxy.cs"
grep -q 'Name="mailing_list_setting")]' "$work/Proxy.cs" \
    || { echo "svcutil's GetCustomerCommunicationPreference is not where the edit expects it:"; \
         grep -n 'GetCustomerCommunicationPreference(' "$work/Generated.cs"; exit 1; }

mcs -warn:0 -out:"$work/client.exe" -r:System.ServiceModel.dll -r:System.Runtime.Serialization.dll \
    "$here/Client.cs" "$here/../dotnet-checks/Checks.cs" "$work/Proxy.cs"
mono "$work/client.exe" "$address" "$user" "$password"
