package org.xwebpreferences.soap;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.xml.ws.developer.SerializationFeature;
import jakarta.xml.ws.Endpoint;
import jakarta.xml.ws.soap.SOAPBinding;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.http.AnswerMemory;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.http.WireDump;

/**
 * Publishes the SOAP endpoint, in both SOAP versions, behind the gate at
 * {@link SoapGate#PATH}. The endpoints live as long as the HTTP server.
 */
public final class SoapService {

    private SoapService() {
    }

    /** Returns the context at {@link SoapGate#PATH}, for filters that apply to every SOAP request. */
    public static HttpContext publish(HttpServer server, Supplier<PreferenceEndpoint> implementors, TokenService tokens,
                                      CorrelationIds correlationIds, WireDump wireDump, int maxBodyBytes,
                                      AnswerMemory answerMemory) {
        Map<SoapVersion, HttpHandler> metro = new EnumMap<>(SoapVersion.class);
        metro.put(SoapVersion.SOAP_11, metroHandler(server, SOAPBinding.SOAP11HTTP_BINDING, implementors.get(), 11));
        metro.put(SoapVersion.SOAP_12, metroHandler(server, SOAPBinding.SOAP12HTTP_BINDING, implementors.get(), 12));
        WsdlDocument wsdl = WsdlDocument.fromClasspath();
        SoapGate gate = new SoapGate(metro, new EnvelopeCheck(WireVocabulary.fromGeneratedInterface(wsdl)), tokens,
                wsdl, correlationIds, wireDump, maxBodyBytes, answerMemory);
        return server.createContext(SoapGate.PATH, gate);
    }

    /**
     * Metro publishes only onto an HTTP context of the server; its handler is
     * taken from a scratch context and the context removed again, so Metro is
     * reachable through the gate alone, and runs on the server's own bounded
     * worker pool rather than one of Metro's making. (Endpoint.stop would now
     * fail to remove that context, so the endpoint is never stopped: it goes
     * with the server.)
     */
    private static HttpHandler metroHandler(HttpServer server, String binding, PreferenceEndpoint implementor,
                                            int version) {
        // Answers in UTF-8 whatever the request's charset: Metro would otherwise answer in
        // that one, and in windows-1252 write an emoji as two surrogate references, which
        // no XML parser accepts (and in Shift_JIS an é as '?').
        Endpoint endpoint = Endpoint.create(binding, implementor, new SerializationFeature("UTF-8"));
        HttpContext scratch = server.createContext("/.metro/soap" + version);
        endpoint.publish(scratch);
        HttpHandler handler = scratch.getHandler();
        server.removeContext(scratch);
        return handler;
    }
}
