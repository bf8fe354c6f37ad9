package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.Prerequisite;
import org.xwebpreferences.support.ServerProcess;

/**
 * SOAP clients nobody on the team wrote, generated at run time from the served WSDL:
 * .NET proxies made by the {@code wsdl} tool (run on Mono), a WCF proxy made by Mono's
 * {@code svcutil} (run on Mono's System.ServiceModel), C++ proxies made by
 * gSOAP's wsdl2h and soapcpp2 (compiled with g++), Python zeep, Python suds,
 * node-soap, PHP's built-in SoapClient (ext-soap), Perl's SOAP::Lite (no WSDL, its
 * own typing), Apache CXF stubs made by its
 * wsdl2java (run on the CXF runtime, not Metro), Apache Axis 1.4 stubs made by
 * its WSDL2Java, as older Java integrations of netFORUM use, and Apache Axis2
 * stubs (ADB data binding) made by Axis2's WSDL2Java. Each runs its script
 * under {@code src/test/clients} against the packaged server, over SOAP 1.1 and
 * SOAP 1.2 (suds speaks SOAP 1.1 only), and must exit 0. A client that is not
 * installed skips its test with what to install; {@code .ci/run} installs them all.
 * The CXF and Axis clients are Maven projects of their own ({@code src/test/clients/cxf},
 * {@code axis1}, {@code axis2}), built by the Maven running this test, so that none meets
 * Metro on one classpath.
 */
class IndependentClientsIT {

    private static final Path CLIENTS = projectDir().resolve("src/test/clients");
    private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");
    private static final Path ZEEP_CLIENT = CLIENTS.resolve("zeep_client.py");
    private static final Path SUDS_CLIENT = CLIENTS.resolve("suds_client.py");
    private static final Path DOTNET_CLIENT = CLIENTS.resolve("dotnet-wsdl/run.sh");
    private static final Path DOTNET_WCF_CLIENT = CLIENTS.resolve("dotnet-wcf/run.sh");
    private static final Path GSOAP_CLIENT = CLIENTS.resolve("gsoap/run.sh");
    private static final Path NODE_SOAP_DIR = CLIENTS.resolve("node-soap");
    private static final Path PHP_CLIENT = CLIENTS.resolve("php_client.php");
    private static final Path SOAP_LITE_CLIENT = CLIENTS.resolve("soaplite_client.pl");
    private static final Path CXF_CLIENT = CLIENTS.resolve("cxf/run.sh");
    private static final Path AXIS1_CLIENT = CLIENTS.resolve("axis1/run.sh");
    private static final Path AXIS2_CLIENT = CLIENTS.resolve("axis2/run.sh");
    private static final long CLIENT_TIMEOUT_SECONDS = 180;
    private static final long PROBE_TIMEOUT_SECONDS = 30;
    /** The CXF and Axis clients' first builds fetch them from Maven Central; later ones take seconds. */
    private static final long CXF_TIMEOUT_SECONDS = 600;

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void dotNetWsdlProxiesCallEveryOperationOverSoap11AndSoap12() throws Exception {
        Prerequisite.require(succeeds("sh", "-c", "command -v wsdl && command -v mcs && command -v mono"),
                "Mono's wsdl, mcs and mono are not installed: apt-get install mono-devel");
        runClient(".NET wsdl proxies", "bash", DOTNET_CLIENT.toString());
    }

    @Test
    void dotNetWcfClientCallsEveryOperationOverSoap11AndSoap12() throws Exception {
        Prerequisite.require(succeeds("sh", "-c", "command -v svcutil && command -v mcs && command -v mono"
                        + " && test -f /usr/lib/mono/4.5/System.ServiceModel.dll"),
                "Mono's svcutil, mcs, mono or System.ServiceModel are not installed: apt-get install mono-devel");
        runClient(".NET WCF svcutil proxy", "bash", DOTNET_WCF_CLIENT.toString());
    }

    @Test
    void gsoapProxiesCallEveryOperationOverSoap11AndSoap12() throws Exception {
        Prerequisite.require(succeeds("sh", "-c", "command -v wsdl2h && command -v soapcpp2 && command -v g++"
                        + " && test -f /usr/include/stdsoap2.h"),
                "gSOAP's wsdl2h, soapcpp2 and headers, or g++, are not installed: apt-get install gsoap libgsoap-dev g++");
        runClient("gSOAP proxies", "bash", GSOAP_CLIENT.toString());
    }

    @Test
    void pythonZeepCallsEveryOperationOverBothPorts() throws Exception {
        Prerequisite.require(Files.isExecutable(SYSTEM_PYTHON) && succeeds(SYSTEM_PYTHON.toString(), "-c", "import zeep"),
                "Python zeep is not installed for /usr/bin/python3: apt-get install python3-zeep");
        runClient("zeep", SYSTEM_PYTHON.toString(), ZEEP_CLIENT.toString());
    }

    @Test
    void pythonSudsCallsEveryOperationOverTheSoap11Port() throws Exception {
        Prerequisite.require(Files.isExecutable(SYSTEM_PYTHON) && succeeds(SYSTEM_PYTHON.toString(), "-c", "import suds"),
                "Python suds is not installed for /usr/bin/python3: apt-get install python3-suds");
        runClient("suds", SYSTEM_PYTHON.toString(), SUDS_CLIENT.toString());
    }

    @Test
    void nodeSoapCallsEveryOperationOverBothPorts() throws Exception {
        Prerequisite.require(succeeds("node", "--version"),
                "Node.js is not installed: install node >= 20.19 and npm (soap 1.13.0 needs them), then run"
                        + " 'npm ci' in " + NODE_SOAP_DIR);
        Prerequisite.require(Files.isDirectory(NODE_SOAP_DIR.resolve("node_modules/soap")),
                "node-soap is not installed: run 'npm ci' in " + NODE_SOAP_DIR);
        runClient("node-soap", "node", NODE_SOAP_DIR.resolve("client.js").toString());
    }

    @Test
    void phpSoapClientCallsEveryOperationOverSoap11AndSoap12() throws Exception {
        Prerequisite.require(succeeds("sh", "-c", "php -m | grep -qx soap"),
                "PHP or its soap extension is not installed: apt-get install php-cli php-soap");
        runClient("PHP SoapClient", "php", PHP_CLIENT.toString());
    }

    /** SOAP::Lite writes xsi:type on every value as it guesses (xsd:int on "2025"): ASMX reads them as text. */
    @Test
    void perlSoapLiteCallsEveryOperationOverSoap11AndSoap12WithTheTypesItGuesses() throws Exception {
        Prerequisite.require(succeeds("perl", "-MSOAP::Lite", "-e", "1"),
                "Perl's SOAP::Lite is not installed: apt-get install libsoap-lite-perl");
        runClient("SOAP::Lite", "perl", SOAP_LITE_CLIENT.toString());
    }

    @Test
    void cxfStubsCallEveryOperationOverBothPorts() throws Exception {
        runJavaClient("Apache CXF", CXF_CLIENT);
    }

    /** A Java client's script, built and run with the Maven and JDK running this test. */
    private void runJavaClient(String name, Path script) throws Exception {
        String mvn = maven();
        Prerequisite.require(mvn != null, "Maven is not found (neither the maven.home the build passes nor mvn on the PATH):"
                + " the " + name + " client in " + script.getParent() + " is built with it");
        runClient(name, mavenEnvironment(mvn), CXF_TIMEOUT_SECONDS, "bash", script.toString());
    }

    /** The Maven and JDK running this test build and run a Java client, with the same local repository. */
    private static Map<String, String> mavenEnvironment(String mvn) {
        Map<String, String> env = new HashMap<>();
        env.put("MVN", mvn);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        String repository = System.getProperty("maven.repo.local", "");
        if (!repository.isBlank()) {
            env.put("MVN_REPO", repository);
        }
        return env;
    }

    @Test
    void axis1StubsCallEveryOperationOverBothPorts() throws Exception {
        runJavaClient("Apache Axis 1.4", AXIS1_CLIENT);
    }

    /**
     * Axis2's stubs send their requests chunked, SOAP 1.2's action as a
     * Content-Type parameter, and take the header as a parameter of each call;
     * the header handed back is read from the response envelope.
     */
    @Test
    void axis2StubsCallEveryOperationOverBothPorts() throws Exception {
        runJavaClient("Apache Axis2", AXIS2_CLIENT);
    }

    /** The mvn of the Maven running the build (failsafe passes maven.home), else the one on the PATH. */
    private String maven() throws InterruptedException {
        String home = System.getProperty("maven.home", "");
        if (!home.isBlank()) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return succeeds("mvn", "-v") ? "mvn" : null;
    }

    /** Starts the server, runs the client against its WSDL with the bootstrap user, and wants exit code 0. */
    private void runClient(String name, String... command) throws Exception {
        runClient(name, Map.of(), CLIENT_TIMEOUT_SECONDS, command);
    }

    /** As {@link #runClient(String, String...)}, with more environment variables and a timeout of its own. */
    private void runClient(String name, Map<String, String> env, long timeoutSeconds, String... command)
            throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            List<String> full = new ArrayList<>(List.of(command));
            full.addAll(List.of(server.address() + "?wsdl", ServerProcess.USER, ServerProcess.PASSWORD));
            Path output = work.resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(CLIENTS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process client = builder.start();
            boolean finished = client.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                // A script's children (a Maven build, a runtime) would outlive it otherwise.
                client.descendants().forEach(ProcessHandle::destroyForcibly);
                client.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            String story = String.format("%s client %s%n--- its output:%n%s%n--- the server's log:%n%s",
                    name, String.join(" ", full), printed, server.log());
            assertThat(finished).as("%s did not finish within %d s; %s", name, timeoutSeconds, story).isTrue();
            assertThat(client.exitValue()).as("exit code of the %s", story).isZero();
            System.out.print(printed);
        }
    }

    /** Whether the command runs and exits 0 within the probe timeout. */
    private boolean succeeds(String... command) throws InterruptedException {
        try {
            Process probe = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    /** Failsafe runs in the project directory and names it in {@code basedir}. */
    private static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }
}
