package cn.jingyuan.relocation.security;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo accounts of the embedded default are created in the background (a bcrypt hash each, most of a core-second
 * for the 26 of them) while the demo data loads on the other core. Whoever needs them waits here: the demo data before
 * it commits (its notices go to the accounts of the groups) and, last, start-up itself, so nobody can log in before
 * every account is there.
 */
@Component
@Order(30)
public class DemoAccounts implements ApplicationRunner {

    private volatile CompletableFuture<Void> created = CompletableFuture.completedFuture(null);

    void creating(CompletableFuture<Void> accounts) {
        this.created = accounts;
    }

    /** Waits until every demo account exists (at once when there are none to create); fails if one could not be created. */
    public void await() {
        try {
            created.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the demo accounts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a demo account could not be created", e.getCause());
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        await();
    }
}
