package io.github.cryptocloudwithdrawals;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.routes.RouteContract.SubmitTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.RouteTemplateParameterSource;

/**
 * One submission route per CryptoCloud account, built by Camel from the {@code submit} route
 * template (routes/submit.yaml) with the account's queue, consumer group and submission bean.
 */
final class SubmitRoutes implements RouteTemplateParameterSource {

    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();
    private final String payoutUrl;

    SubmitRoutes(String payoutUrl) {
        this.payoutUrl = payoutUrl;
    }

    void add(PayoutAccount account, String submissionBean) {
        routes.put(account.routeId(), Map.of(
                TEMPLATE_ID, SubmitTemplate.ID,
                SubmitTemplate.QUEUE, account.submissionsTopic(),
                SubmitTemplate.GROUP, account.submitterGroup(),
                SubmitTemplate.SUBMISSION, submissionBean,
                SubmitTemplate.PAYOUT_URL, payoutUrl));
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        return new LinkedHashMap<>(routes.get(routeId));
    }

    @Override
    public Set<String> routeIds() {
        return routes.keySet();
    }
}
