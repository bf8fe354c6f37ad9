#!/usr/bin/env bash
# Generates Apache Axis2 stubs (ADB data binding, a stub for each port) from
# the served WSDL with its WSDL2Java, compiles them with Client.java, and runs
# the client on the Axis2 runtime, as a Java integration built on Axis2 calls
# the service.
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs a JDK and Maven, which fetches Axis2 from Maven Central the first time.
# IndependentClientsIT passes what its own build uses: MVN (the mvn to run),
# MVN_REPO (the local repository) and JAVA_HOME.
set -euo pipefail
wsdl_url=$1 user=$2 password=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=
if [ -n "${JAVA_HOME:-}" ]; then bin=$JAVA_HOME/bin/; fi
mvn_args=(-B -q -Dstyle.color=never -f "$here/pom.xml" -DlibDir="$work/lib")
if [ -n "${MVN_REPO:-}" ]; then mvn_args+=(-Dmaven.repo.local="$MVN_REPO"); fi
"${MVN:-mvn}" "${mvn_args[@]}" dependency:copy-dependencies
# -ap: both ports (without it Axis2 takes the first, the SOAP 1.2 one); -s: synchronous calls only.
"${bin}java" -cp "$work/lib/*" org.apache.axis2.wsdl.WSDL2Java -uri "$wsdl_url" -o "$work/gen" -p xweb.axis2 \
    -d adb -s -ap -u
"${bin}javac" -nowarn -encoding UTF-8 -d "$work/classes" -cp "$work/lib/*" \
    $(find "$work/gen" -name '*.java') "$here/Client.java" 2>&1 | { grep -v '^Note: ' || true; }
# Axis2 warns on every start that it cannot make its server-side service deployer: a client has none.
"${bin}java" -Djava.util.logging.config.file=/dev/null -cp "$work/lib/*:$work/classes" Client "${wsdl_url%%\?*}" \
    "$user" "$password"
