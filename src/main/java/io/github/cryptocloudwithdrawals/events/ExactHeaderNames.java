package io.github.cryptocloudwithdrawals.events;

import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.spi.HeadersMapFactory;

/**
 * Message headers that keep the name they were set under: still looked up ignoring case, as
 * Camel's are, but a header set as {@code content-type} reaches Kafka as {@code content-type}.
 *
 * <p>A workaround: from Camel 4.22.0 the default header map ({@code CaseInsensitiveMap}) respells
 * every name that matches one of Camel's own header names ignoring case, so {@code content-type}
 * became {@code Content-Type} ({@code Exchange.CONTENT_TYPE}) on every event, and Kafka header
 * names are case-sensitive: the CloudEvents Kafka binding, and consumers reading it, look for
 * {@code content-type}. Remove this class when Camel's map keeps the spelling it is given:
 * {@code WithdrawalPipelineTest} and {@code ResultRecordsTest} check the header as it is on the topic.
 */
public final class ExactHeaderNames implements HeadersMapFactory {

    @Override
    public Map<String, Object> newMap() {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }

    @Override
    public Map<String, Object> newMap(Map<String, Object> map) {
        Map<String, Object> copy = newMap();
        copy.putAll(map);
        return copy;
    }

    @Override
    public boolean isInstanceOf(Map<String, Object> map) {
        return map instanceof TreeMap<String, Object> tree && tree.comparator() == String.CASE_INSENSITIVE_ORDER;
    }

    @Override
    public boolean isCaseInsensitive() {
        return true;
    }
}
