package io.github.cryptocloudwithdrawals.benchmark;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Looks into another JVM on this machine through the attach API and JMX (no flag needed on that
 * JVM): its heap after a full GC, and its Kafka consumers' own rebalance counters.
 */
final class JvmProbe implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final MemoryMXBean memory;

    private JvmProbe(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    static JvmProbe attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            String address = vm.startLocalManagementAgent();
            return new JvmProbe(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } finally {
            vm.detach();
        }
    }

    /** Heap used right after a full GC (System.gc() in that JVM): the live set. */
    long heapAfterGc() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    long maxHeap() {
        return memory.getHeapMemoryUsage().getMax();
    }

    /**
     * Each group consumer's {@code rebalance-total} (Kafka's consumer-coordinator metrics), by
     * client id. A consumer's first join counts as one; any later one is a rebalance.
     */
    Map<String, Double> rebalances() throws Exception {
        Map<String, Double> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(new ObjectName("kafka.consumer:type=consumer-coordinator-metrics,client-id=*"), null)) {
            Object value = server.getAttribute(name, "rebalance-total");
            counts.put(name.getKeyProperty("client-id"), ((Number) value).doubleValue());
        }
        return counts;
    }

    @Override
    public void close() throws Exception {
        connector.close();
    }
}
