package io.github.cryptocloudwithdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.commons.annotation.Testable;

/**
 * Every integration test has a time limit: the process tests ({@code *IT}, the packaged jar as
 * child processes) and the pipeline tests (the service in the test JVM). A test waiting for a
 * service that never answers fails with its name instead of stopping the build.
 */
class IntegrationTestsHaveTimeLimitsTest {

    @Test
    void everyProcessTestAndPipelineTestHasATimeout() {
        List<Class<?>> integrationTests = ReflectionSupport.findAllClassesInPackage(getClass().getPackageName(),
                type -> !Modifier.isAbstract(type.getModifiers())
                        && (type.getSimpleName().endsWith("IT") || PipelineTestSupport.class.isAssignableFrom(type)),
                name -> true);

        assertThat(integrationTests).as("process and pipeline tests found").hasSizeGreaterThan(20);
        assertThat(integrationTests).as("integration tests without a time limit on the class or every test")
                .allMatch(IntegrationTestsHaveTimeLimitsTest::hasTimeLimit);
    }

    private static boolean hasTimeLimit(Class<?> type) {
        if (AnnotationSupport.isAnnotated(type, Timeout.class)) {
            return true;
        }
        List<Method> tests = ReflectionSupport.findMethods(type,
                method -> AnnotationSupport.isAnnotated(method, Testable.class), HierarchyTraversalMode.TOP_DOWN);
        return !tests.isEmpty() && tests.stream().allMatch(method -> AnnotationSupport.isAnnotated(method, Timeout.class));
    }
}
