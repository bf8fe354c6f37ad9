#!/usr/bin/env bash
# Generates Apache Axis 1.4 stubs from the served WSDL with its WSDL2Java,
# compiles them with Client.java, and runs the client on the Axis runtime, as
# an older Java integration of netFORUM would call the service.
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs a JDK and Maven, which fetches Axis from Maven Central the first time.
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
"${bin}java" -cp "$work/lib/*" org.apache.axis.wsdl.WSDL2Java -o "$work/gen" -p xweb.axis "$wsdl_url"
"${bin}javac" -nowarn -encoding UTF-8 -d "$work/classes" -cp "$work/lib/*" \
    $(find "$work/gen" -name '*.java') "$here/Client.java" 2>&1 | { grep -v '^Note: ' || true; }
"${bin}java" -cp "$work/lib/*:$work/classes" Client "${wsdl_url%%\?*}" "$user" "$password"
