package org.xwebpreferences.soap;

import jakarta.jws.WebService;
import jakarta.xml.ws.Holder;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xwebpreferences.auth.CredentialCache;
import org.xwebpreferences.auth.Session;
import org.xwebpreferences.auth.TokenService;
import org.xwebpreferences.core.AnswerRoom;
import org.xwebpreferences.core.Caller;
import org.xwebpreferences.core.ErrorKind;
import org.xwebpreferences.core.PreferenceService;
import org.xwebpreferences.core.PreferenceService.Checked;
import org.xwebpreferences.core.XwebError;
import org.xwebpreferences.http.CorrelationIds;
import org.xwebpreferences.soap.generated.ArrayOfMailingListSetting;
import org.xwebpreferences.soap.generated.AuthorizationToken;
import org.xwebpreferences.soap.generated.MailingListSetting;
import org.xwebpreferences.soap.generated.NetForumXMLSoap;
import org.xwebpreferences.soap.generated.PreferenceHistoryPage;

/**
 * The xWeb operations over SOAP. It implements the interface wsimport
 * generated from the WSDL, so the compiler holds every signature to the
 * contract. Each method checks the token, maps, calls the core, maps back.
 */
@WebService(endpointInterface = "org.xwebpreferences.soap.generated.NetForumXMLSoap",
        serviceName = "netForumXML", portName = "netForumXMLSoap", targetNamespace = FaultWriter.XWEB_NS)
public class PreferenceEndpoint implements NetForumXMLSoap {

    private final PreferenceService preferences;
    private final TokenService tokens;
    private final CredentialCache credentials;
    private final CorrelationIds correlationIds;

    public PreferenceEndpoint(PreferenceService preferences, TokenService tokens, CredentialCache credentials,
                              CorrelationIds correlationIds) {
        this.preferences = preferences;
        this.tokens = tokens;
        this.credentials = credentials;
        this.correlationIds = correlationIds;
    }

    @Override
    public String authenticate(String userName, String password, Holder<AuthorizationToken> authorizationToken) {
        RequestContext request = request();
        try {
            Session session = credentials.authenticate(userName, password);
            noteUser(request, session.userName());
            String token = session.token();
            authorizationToken.value = SoapMapping.header(token);
            return token;
        } catch (RuntimeException e) {
            throw SoapFaults.raise(request, e, null, correlationId(request));
        }
    }

    @Override
    public void setCustomerCommunicationPreferences(String customerKey, ArrayOfMailingListSetting settings,
                                                    Holder<AuthorizationToken> authorizationToken) {
        call(authorizationToken, () -> preferences.set(customerKey, SoapMapping.inputs(settings)), nothing -> null);
    }

    @Override
    public ArrayOfMailingListSetting getAllCustomerCommunicationPreferences(
            String customerKey, Holder<AuthorizationToken> authorizationToken) {
        RequestContext request = request();
        AnswerRoom room = request == null ? AnswerRoom.UNBOUNDED : request.answerRoom();
        return call(authorizationToken, () -> preferences.getAll(customerKey, room), SoapMapping::settings);
    }

    @Override
    public MailingListSetting getCustomerCommunicationPreference(
            String customerKey, String preferenceTypeKey, Holder<AuthorizationToken> authorizationToken) {
        return call(authorizationToken, () -> preferences.get(customerKey, preferenceTypeKey), SoapMapping::setting);
    }

    @Override
    public PreferenceHistoryPage getCustomerCommunicationPreferenceHistory(
            String customerKey, String mailingListKey, String from, String to, String pageSize,
            String continuationToken, Holder<AuthorizationToken> authorizationToken) {
        return call(authorizationToken, () -> preferences.history(customerKey, mailingListKey, from, to, pageSize,
                continuationToken), SoapMapping::history);
    }

    /**
     * Checks the input and the token, runs the operation for the token's holder,
     * and hands a token back in the response header. Both checks run: bad input
     * is reported ahead of a bad token (the seed's sample, whose token no server
     * issued, is told about its customerKey), and a good token still counts, so
     * a fault after it was accepted carries it too (with single-use tokens the
     * presented one is already spent).
     */
    private <T, R> R call(Holder<AuthorizationToken> authorizationToken, Supplier<Checked<T>> input,
                          Function<T, R> toWire) {
        RequestContext request = request();
        Session session = null;
        try {
            Checked<T> checked = null;
            XwebError badInput = null;
            try {
                checked = input.get();
            } catch (XwebError e) {
                if (e.kind() != ErrorKind.INVALID_INPUT) {
                    throw e;
                }
                badInput = e;
            }
            try {
                session = tokens.check(SoapMapping.token(authorizationToken));
            } catch (XwebError badToken) {
                throw badInput != null && badToken.kind() == ErrorKind.UNAUTHENTICATED ? badInput : badToken;
            }
            noteUser(request, session.userName());
            if (badInput != null) {
                throw badInput;
            }
            R result = toWire.apply(checked.runFor(new Caller(session.userName(), Caller.SOAP, correlationId(request))));
            authorizationToken.value = SoapMapping.header(session.token());
            if (request != null) {
                request.handBack(session.token());
            }
            return result;
        } catch (RuntimeException e) {
            throw SoapFaults.raise(request, e, session == null ? null : session.token(), correlationId(request));
        }
    }

    private static void noteUser(RequestContext request, String userName) {
        if (request != null) {
            request.record().user(userName);
        }
    }

    private static RequestContext request() {
        return RequestContext.current();
    }

    private String correlationId(RequestContext request) {
        return request == null ? correlationIds.newId() : request.correlationId();
    }
}
