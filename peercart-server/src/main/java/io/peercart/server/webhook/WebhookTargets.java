package io.peercart.server.webhook;

import io.peercart.core.webhook.TargetAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where a webhook may go (server-side request forgery guard): the URL's host is resolved and every
 * address it resolves to must be globally routable ({@link TargetAddresses}), unless the operator
 * started the node with {@code --allow-private-webhooks}. Checked when an endpoint is registered
 * and again before every delivery attempt, whose connection then goes to the very addresses that
 * were checked (see {@link WebhookPoster}), so a DNS answer that changes between the check and the
 * connection cannot redirect it. Stateless and thread-safe.
 */
public final class WebhookTargets {
    /** The host's addresses may not receive webhooks; the message says why (safe to show the merchant). */
    public static final class NotAllowed extends Exception {
        NotAllowed(String message) { super(message, null, false, false); }
    }

    private final boolean allowPrivate;

    public WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** At registration: refused unless every address of the host is allowed (no lookup at all when private targets are allowed). */
    public void check(URI url) throws NotAllowed {
        if (!allowPrivate) resolve(url);
    }

    /** Before an attempt: the host's addresses, every one of them allowed; connect to these and no others. */
    public List<InetAddress> resolve(URI url) throws NotAllowed {
        String host = host(url);
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new NotAllowed("the host " + host + " does not resolve");
        }
        if (!allowPrivate)
            for (InetAddress a : all) {
                Optional<String> why = TargetAddresses.refusal(a.getAddress());
                if (why.isPresent()) throw new NotAllowed("the host " + host + " resolves to " + why.get() + " (" + a.getHostAddress()
                        + "); a server started with --allow-private-webhooks accepts it");
            }
        return List.of(all);
    }

    /** The URI's host without the brackets of an IPv6 literal. */
    static String host(URI url) {
        String h = url.getHost();
        return h != null && h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
