package cn.jingyuan.relocation.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.camunda.bpm.engine.IdentityService;

import cn.jingyuan.relocation.approval.Actors;
import cn.jingyuan.relocation.security.Groups;

/**
 * The benchmark's working group (password {@code demo}): a task force member and a reviewer per township, the
 * county officer, finance and both leaders, and the load test's clients, all members of the application's groups.
 */
final class BenchAccounts {

    static final String OFFICER = "bench.officer";
    static final String FINANCE = "bench.finance";
    static final String DEPUTY = "bench.deputy";
    static final String HEAD = "bench.head";

    private BenchAccounts() {
    }

    static String taskForce(String slug) {
        return "bench.tf." + slug;
    }

    static String lead(String slug) {
        return "bench.lead." + slug;
    }

    /** Load-test client {@code i}, a task force member of township {@code i mod 7}. */
    static String client(int i) {
        return "bench.client" + i;
    }

    /** The {@code Authorization} header of HTTP Basic for one of these accounts. */
    static String basicAuth(String userId) {
        return "Basic " + Base64.getEncoder().encodeToString((userId + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    static String clientTownship(int i) {
        return GeneratedCounty.SLUGS[i % GeneratedCounty.SLUGS.length];
    }

    static void create(IdentityService identity, int clients) {
        Actors.ensure(identity, OFFICER, "县局经办人", Groups.OFFICER);
        Actors.ensure(identity, FINANCE, "县财政局", Groups.FINANCE);
        Actors.ensure(identity, DEPUTY, "分管副县长", Groups.DEPUTY, Groups.LEADERS);
        Actors.ensure(identity, HEAD, "县长", Groups.HEAD, Groups.LEADERS);
        for (String slug : GeneratedCounty.SLUGS) {
            Actors.ensure(identity, taskForce(slug), "专班", Groups.taskForce(slug));
            Actors.ensure(identity, lead(slug), "分管领导", Groups.townshipLead(slug));
        }
        for (int i = 0; i < clients; i++) {
            Actors.ensure(identity, client(i), "专班", Groups.taskForce(clientTownship(i)));
        }
    }
}
