package cn.jingyuan.relocation.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.household.Stage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The business gauges of {@code /actuator/prometheus}: open cases per stage and township ({@code relocation_cases}),
 * overdue steps per township ({@code relocation_steps_overdue}), the job backlog ({@code relocation_jobs_due}) and
 * open incidents ({@code relocation_incidents}). They are database aggregates, the same on every node, read again
 * every {@code relocation.metrics.refresh} (30 s) rather than on every scrape, so a scraper cannot load the database.
 */
@Component
class BusinessMetrics {

    private static final Logger log = LoggerFactory.getLogger(BusinessMetrics.class);

    private final JdbcTemplate jdbc;
    private final ManagementService management;
    private final RuntimeService runtime;
    private final Clock clock;
    private final MultiGauge cases;
    private final MultiGauge overdue;
    private final AtomicLong jobsDue = new AtomicLong();
    private final AtomicLong incidents = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();

    BusinessMetrics(JdbcTemplate jdbc, ManagementService management, RuntimeService runtime, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.management = management;
        this.runtime = runtime;
        this.clock = clock;
        this.cases = MultiGauge.builder("relocation.cases").description("open cases per stage and township").register(registry);
        this.overdue = MultiGauge.builder("relocation.steps.overdue").description("open steps past their due date per township")
                .register(registry);
        Gauge.builder("relocation.jobs.due", jobsDue, AtomicLong::get).description("engine jobs due and not yet run (backlog)")
                .register(registry);
        Gauge.builder("relocation.jobs.failed", jobsFailed, AtomicLong::get).description("engine jobs out of retries").register(registry);
        Gauge.builder("relocation.incidents", incidents, AtomicLong::get).description("open engine incidents").register(registry);
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        refresh();
    }

    @Scheduled(fixedDelayString = "${relocation.metrics.refresh:PT30S}", initialDelayString = "${relocation.metrics.refresh:PT30S}")
    void refresh() {
        try {
            List<String> closed = Stage.CLOSED.stream().map(Stage::name).toList();
            List<MultiGauge.Row<?>> caseRows = new ArrayList<>();
            jdbc.query("SELECT h.stage, t.slug, COUNT(*) AS n FROM household h JOIN township t ON t.code = h.township_code"
                            + " WHERE h.stage NOT IN (" + String.join(",", closed.stream().map(s -> "'" + s + "'").toList()) + ")"
                            + " GROUP BY h.stage, t.slug",
                    rs -> {
                        caseRows.add(MultiGauge.Row.of(Tags.of("stage", rs.getString(1), "township", rs.getString(2)), rs.getLong(3)));
                    });
            cases.register(caseRows, true);
            List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
            jdbc.query("SELECT t.slug, COUNT(*) FROM ACT_RU_TASK k JOIN household h ON h.process_instance_id = k.PROC_INST_ID_"
                            + " JOIN township t ON t.code = h.township_code WHERE k.DUE_DATE_ < ? GROUP BY t.slug",
                    rs -> {
                        overdueRows.add(MultiGauge.Row.of(Tags.of("township", rs.getString(1)), rs.getLong(2)));
                    }, Timestamp.valueOf(LocalDateTime.now(clock)));
            overdue.register(overdueRows, true);
            jobsDue.set(management.createJobQuery().executable().count());
            jobsFailed.set(management.createJobQuery().noRetriesLeft().count());
            incidents.set(runtime.createIncidentQuery().count());
        } catch (RuntimeException e) {
            // the database may be away; the gauges keep their last values and the next refresh tries again
            log.warn("business metrics not refreshed: {}", e.toString());
        }
    }
}
