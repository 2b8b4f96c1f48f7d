package io.peercart.server.group;

import io.peercart.server.http.ApiException;
import io.peercart.server.auth.Auth;
import io.peercart.server.auth.Caller;
import io.peercart.server.http.Http;
import io.peercart.server.view.Views;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.peercart.core.Code;
import io.peercart.core.group.Group;
import io.peercart.store.GroupStore;
import java.time.Clock;

/** /v1/groups/{groupId}: a group with its members, for the merchant or one of its members. */
public final class GroupRoutes implements HttpService {
    private final GroupStore store;
    private final Auth auth;
    private final Clock clock;

    public GroupRoutes(GroupStore store, Auth auth, Clock clock) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{groupId}", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Caller c = auth.required(req, clock.instant());
        String id = Http.pathParam(req, "groupId");
        Group g = store.group(c.shopId(), id).orElseThrow(() -> new ApiException(Code.NOT_FOUND, "no group " + id));
        String buyer = c instanceof Caller.Buyer b ? b.buyerId() : ((Caller.Merchant) c).actingBuyerId();
        if (buyer != null && !g.hasBuyer(buyer)) throw new ApiException(Code.NOT_FOUND, "no group " + id);
        Http.json(res, 200, Views.group(g, true));
    }
}
