#!/usr/bin/env bash
# Generates Apache CXF stubs from the served WSDL with wsdl2java (through
# cxf-codegen-plugin), compiles them with Client.java in a fresh build
# directory, and runs the client on the CXF runtime.
#
#     run.sh WSDL_URL USER PASSWORD
#
# Needs a JDK 17 and Maven, which fetches CXF from Maven Central the first time.
# IndependentClientsIT passes what its own build uses: MVN (the mvn to run),
# MVN_REPO (the local repository) and JAVA_HOME.
set -euo pipefail
wsdl_url=$1 user=$2 password=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java=java
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; fi
mvn_args=(-B -q -Dstyle.color=never -f "$here/pom.xml" -DbuildDir="$work" -Dwsdl="$wsdl_url")
if [ -n "${MVN_REPO:-}" ]; then mvn_args+=(-Dmaven.repo.local="$MVN_REPO"); fi
"${MVN:-mvn}" "${mvn_args[@]}" package
# slf4j (which the logging feature brings) would warn that it has no provider.
"$java" -Dslf4j.internal.verbosity=ERROR -cp "$work/classes:$(cat "$work/classpath.txt")" \
    org.xwebpreferences.cxfclient.Client "$wsdl_url" "$user" "$password"
