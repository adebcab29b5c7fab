package io.jenkins.plugins.lander.cloud;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.Facing;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.internal.DefaultEndpointURLResolver;

/**
 * A Keystone v3 login shared by the threads of one backend: OpenStack4j for the control plane
 * (its sessions are per thread, so {@link #client()} makes one for the calling thread from the shared
 * token) and {@code java.net.http} for the bytes ({@link #send}), both retried on transient
 * failures. The token is renewed shortly before it expires and when a service answers 401. Neither
 * the password nor the token is ever logged or put in an exception message.
 */
public final class OpenStackSession {
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final OpenStackSettings settings;
    private final Retry retry;
    private final EndpointURLResolver resolver;
    private final Config config;
    private final HttpClient http;
    private volatile Token token;

    private OpenStackSession(OpenStackSettings settings, Retry retry) {
        this.settings = settings;
        this.retry = retry;
        this.resolver = new OverridingResolver(settings);
        this.config = Config.newConfig()
                .withConnectionTimeout(CONNECT_TIMEOUT_MS)
                .withEndpointURLResolver(resolver);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Logs in; a refused login fails at once, an unreachable Keystone after the retries. */
    public static OpenStackSession login(OpenStackSettings settings, Retry retry) throws IOException {
        OpenStackSession session = new OpenStackSession(settings, retry);
        session.renew(null);
        return session;
    }

    public OpenStackSettings settings() {
        return settings;
    }

    public Retry retry() {
        return retry;
    }

    /** An OpenStack4j client for the calling thread, on the current token and the configured region. */
    public OSClientV3 client() throws IOException {
        OSClientV3 client = OSFactory.clientFromToken(currentToken(), Facing.PUBLIC, config);
        return settings.regionName().map(client::useRegion).orElse(client);
    }

    /** The service's endpoint: the override from the settings, else the token's catalog. */
    public URI endpoint(ServiceType type) throws IOException {
        Token t = currentToken();
        String url;
        try {
            url = resolver.findURLV3(URLResolverParams.create(t, type)
                    .perspective(Facing.PUBLIC)
                    .region(settings.regionName().orElse(null)));
        } catch (RuntimeException e) {
            url = null;
        }
        // OpenStack4j's resolver falls back to Keystone's own URL
        if (url == null || url.isBlank() || url.equals(t.getEndpoint())) {
            throw new IOException("the Keystone catalog of project " + settings.projectName() + " has no "
                    + type.getType() + " endpoint" + settings.regionName().map(r -> " in region " + r).orElse(""));
        }
        return URI.create(url.replaceAll("/+$", ""));
    }

    /**
     * Makes an OpenStack4j call with retries: a refused connection or a 5xx is tried again, a 401
     * renews the token first (OpenStack4j's own renewal would not reach the other threads).
     */
    public <T> T call(String what, Function<OSClientV3, T> call) throws IOException {
        return retry.call(what, () -> {
            for (boolean renewed = false; ; renewed = true) {
                Token used = currentToken();
                try {
                    return call.apply(client());
                } catch (AuthenticationException e) {
                    if (renewed) {
                        throw new IOException(what + ": refused (HTTP 401) with a fresh token");
                    }
                    renew(used);
                } catch (ConnectionException e) {
                    throw new Retry.TransientException(what + ": " + e.getMessage(), e);
                } catch (ResponseException e) {
                    throw failure(what, e.getStatus(), e.getMessage());
                }
            }
        });
    }

    /**
     * Sends the request with the current token, as many times as the retries allow when the
     * connection fails or the service answers 5xx, once more after renewing the token on a 401.
     * The response of a 5xx or 401 is never given to {@code handler} (so a streamed body is not left
     * open); any other status is the caller's to judge. The request must be one that may be repeated
     * (its body publisher able to start over).
     */
    public <T> HttpResponse<T> send(String what, HttpRequest.Builder request, BodyHandler<T> handler)
            throws IOException {
        BodyHandler<T> guarded = info -> info.statusCode() >= 500 || info.statusCode() == 401
                ? BodySubscribers.replacing(null)
                : handler.apply(info);
        return retry.call(what, () -> {
            for (boolean renewed = false; ; renewed = true) {
                Token used = currentToken();
                HttpResponse<T> response = sendOnce(what, request.copy().setHeader("X-Auth-Token", used.getId()), guarded);
                if (response.statusCode() == 401 && !renewed) {
                    renew(used);
                    continue;
                }
                if (response.statusCode() >= 500 || response.statusCode() == 401) {
                    throw failure(what, response.statusCode(), "");
                }
                return response;
            }
        });
    }

    private <T> HttpResponse<T> sendOnce(String what, HttpRequest.Builder request, BodyHandler<T> handler)
            throws IOException {
        try {
            return http.send(request.build(), handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted");
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new Retry.TransientException(what + ": " + e, e);
        }
    }

    /** A 5xx is worth another try; anything else is the caller's error or the service's answer. */
    private static IOException failure(String what, int status, String message) {
        String text = what + ": HTTP " + status + (message == null || message.isBlank() ? "" : " " + message);
        return status >= 500 ? new Retry.TransientException(text) : new IOException(text);
    }

    private Token currentToken() throws IOException {
        Token t = token;
        if (t.getExpires() != null
                && Instant.now().plus(RENEW_BEFORE_EXPIRY).isAfter(t.getExpires().toInstant())) {
            renew(t);
            t = token;
        }
        return t;
    }

    /** Logs in again unless another thread already replaced {@code stale}. */
    private synchronized void renew(Token stale) throws IOException {
        if (token != stale) {
            return;
        }
        token = retry.call("Keystone login at " + settings.authUrl(), () -> {
            try {
                return OSFactory.builderV3()
                        .withConfig(config)
                        .endpoint(settings.authUrl().toString())
                        .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomainName()))
                        .scopeToProject(Identifier.byName(settings.projectName()), Identifier.byName(settings.projectDomainName()))
                        .perspective(Facing.PUBLIC)
                        .authenticate()
                        .getToken();
            } catch (AuthenticationException e) {
                throw new IOException("Keystone at " + settings.authUrl() + " refused user " + settings.username()
                        + " (domain " + settings.userDomainName() + ") for project " + settings.projectName()
                        + " (domain " + settings.projectDomainName() + "): check OS_USERNAME, OS_PASSWORD, "
                        + "OS_PROJECT_NAME and the domains");
            } catch (ConnectionException e) {
                throw new Retry.TransientException("cannot reach Keystone at " + settings.authUrl() + ": " + e.getMessage(), e);
            } catch (ResponseException e) {
                throw failure("Keystone login at " + settings.authUrl(), e.getStatus(), e.getMessage());
            }
        });
    }

    /** The settings' endpoint overrides first, then the catalog as OpenStack4j reads it. */
    private static final class OverridingResolver implements EndpointURLResolver {
        private final EndpointURLResolver catalog = new DefaultEndpointURLResolver();
        private final Map<ServiceType, URI> overrides;

        OverridingResolver(OpenStackSettings settings) {
            this.overrides = new java.util.EnumMap<>(ServiceType.class);
            settings.storageUrl().ifPresent(u -> overrides.put(ServiceType.OBJECT_STORAGE, u));
            settings.imageUrl().ifPresent(u -> overrides.put(ServiceType.IMAGE, u));
        }

        @Override
        public String findURLV2(URLResolverParams params) {
            return catalog.findURLV2(params);
        }

        @Override
        public String findURLV3(URLResolverParams params) {
            return Optional.ofNullable(overrides.get(params.type)).map(URI::toString).orElseGet(() -> catalog.findURLV3(params));
        }
    }
}
