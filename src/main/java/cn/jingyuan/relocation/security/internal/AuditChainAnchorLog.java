package cn.jingyuan.relocation.security.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes the audit chain's head (its last entry's place and hash) to the application log at a fixed interval
 * ({@code relocation.audit.anchor-every}, hourly by default), so that copies of the chain's state exist outside the
 * database: whoever may rewrite the audit table and recompute the whole chain cannot rewrite the logs shipped off the
 * host. Each line is an anchor for {@code GET /api/audit/verify?anchorSeq=&anchorHash=} (README "Security and personal
 * data"). Every node logs its own lines; they name the same chain.
 */
@Component
class AuditChainAnchorLog {

    private static final Logger log = LoggerFactory.getLogger("AUDIT_ANCHOR");

    private final AuditChain chain;

    AuditChainAnchorLog(AuditChain chain) {
        this.chain = chain;
    }

    @Scheduled(fixedRateString = "${relocation.audit.anchor-every:PT1H}", initialDelayString = "${relocation.audit.anchor-first:PT1M}")
    void logHead() {
        try {
            AuditChain.Head head = chain.head();
            log.info("audit chain anchor: anchorSeq={} anchorHash={}", head.seq(), head.hash());
        } catch (RuntimeException e) {
            log.warn("audit chain anchor not logged: {}", e.getMessage());
        }
    }
}
