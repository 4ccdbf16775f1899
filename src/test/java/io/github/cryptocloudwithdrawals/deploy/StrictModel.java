package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;

/**
 * A manifest read as the type its apiVersion and kind name, with the models Kubernetes' and
 * Strimzi's clients use (fabric8, Strimzi's api), refusing what the API server would: a kind this
 * project does not deploy, a field the type does not have (anywhere in the document), a value of
 * the wrong type (no "2" for a number). The models keep unknown fields aside instead of failing
 * (their additionalProperties), so every object of the parsed document is looked at for them.
 */
final class StrictModel {

    /** What deploy/ holds, by apiVersion/kind: the versions Kubernetes 1.25+ and Strimzi 0.22+ serve. */
    static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictModel() {
    }

    /** The document as its type; fails naming what is wrong. */
    static Object parse(Map<String, Object> document, String where) {
        String typeName = document.get("apiVersion") + "/" + document.get("kind");
        assertThat(TYPES).as("%s: the apiVersion/kind of a manifest", where).containsKey(typeName);
        Object parsed;
        try {
            parsed = MAPPER.convertValue(document, TYPES.get(typeName));
        } catch (IllegalArgumentException e) {
            throw new AssertionError(where + " is no " + typeName + ": " + e.getMessage(), e);
        }
        refuseUnknownFields(parsed, where + " " + typeName);
        return parsed;
    }

    /** The document as this type. */
    static <T> T parse(Map<String, Object> document, Class<T> type, String where) {
        return type.cast(parse(document, where));
    }

    private static void refuseUnknownFields(Object value, String path) {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                refuseUnknownFields(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> refuseUnknownFields(item, path + "." + key));
            return;
        }
        if (value == null || !(value.getClass().getName().startsWith("io.fabric8.")
                || value.getClass().getName().startsWith("io.strimzi."))) {
            return;
        }
        Map<?, ?> unknown = additionalProperties(value);
        assertThat(unknown).as("%s: fields %s does not have", path, value.getClass().getSimpleName()).isEmpty();
        BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(value.getClass()));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.hasGetter() && !property.getName().equals("additionalProperties")) {
                refuseUnknownFields(property.getGetter().getValue(value), path + "." + property.getName());
            }
        }
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Object properties = getter.invoke(value);
            return properties instanceof Map<?, ?> map ? map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read the unknown fields of " + value.getClass(), e);
        }
    }
}
