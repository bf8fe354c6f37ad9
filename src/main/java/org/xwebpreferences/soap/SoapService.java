package org.xwebpreferences.soap;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.soap.SOAPBinding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xwebpreferences.http.CorrelationIds;

/** Publishes the SOAP endpoint, in both SOAP versions, behind the gate at {@link SoapGate#PATH}. */
public final class SoapService implements AutoCloseable {

    private final List<Endpoint> endpoints = new ArrayList<>();
    private HttpContext context;

    private SoapService() {
    }

    public static SoapService publish(HttpServer server, Supplier<PreferenceEndpoint> implementors,
                                      CorrelationIds correlationIds, int maxBodyBytes) {
        SoapService service = new SoapService();
        Map<SoapVersion, HttpHandler> metro = new EnumMap<>(SoapVersion.class);
        metro.put(SoapVersion.SOAP_11, service.metroHandler(server, SOAPBinding.SOAP11HTTP_BINDING, implementors.get()));
        metro.put(SoapVersion.SOAP_12, service.metroHandler(server, SOAPBinding.SOAP12HTTP_BINDING, implementors.get()));
        SoapGate gate = new SoapGate(metro, new EnvelopeCheck(WireVocabulary.fromGeneratedInterface()),
                WsdlDocument.fromClasspath(), correlationIds, maxBodyBytes);
        service.context = server.createContext(SoapGate.PATH, gate);
        return service;
    }

    /**
     * Metro publishes only onto an HTTP context of the server; its handler is
     * taken from a scratch context and the context removed again, so Metro is
     * reachable through the gate alone, and runs on the server's own bounded
     * worker pool rather than one of Metro's making.
     */
    private HttpHandler metroHandler(HttpServer server, String binding, PreferenceEndpoint implementor) {
        Endpoint endpoint = Endpoint.create(binding, implementor);
        HttpContext scratch = server.createContext("/.metro/" + endpoints.size());
        endpoint.publish(scratch);
        HttpHandler handler = scratch.getHandler();
        server.removeContext(scratch);
        endpoints.add(endpoint);
        return handler;
    }

    /** The context at {@link SoapGate#PATH}, for filters that apply to every request. */
    public HttpContext context() {
        return context;
    }

    @Override
    public void close() {
        endpoints.forEach(Endpoint::stop);
    }
}
