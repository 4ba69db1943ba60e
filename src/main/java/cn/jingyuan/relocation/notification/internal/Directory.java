package cn.jingyuan.relocation.notification.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.springframework.stereotype.Component;

import cn.jingyuan.relocation.notification.OutboundMessage;
import cn.jingyuan.relocation.security.Groups;

/**
 * Who gets a notice, read from the engine's identity service without the caller's authorizations: a township
 * member completing a step in Tasklist may not read the other accounts, but their notices must still reach them.
 */
@Component
public class Directory {

    private final IdentityService identity;
    private final CommandExecutor commands;

    Directory(ProcessEngine engine) {
        this.identity = engine.getIdentityService();
        this.commands = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired();
    }

    /** Runs engine reads without the current user's authorization checks, in the caller's transaction. */
    public <T> T unchecked(Callable<T> work) {
        return commands.execute(context -> context.runWithoutAuthorization(work));
    }

    /** The users plus the members of the groups, in a stable order. */
    public Set<String> expand(Collection<String> userIds, Collection<String> groupIds) {
        Set<String> out = new LinkedHashSet<>(userIds);
        if (!groupIds.isEmpty()) {
            unchecked(() -> {
                for (String g : groupIds) {
                    identity.createUserQuery().memberOfGroup(g).orderByUserId().asc().list().forEach(u -> out.add(u.getId()));
                }
                return null;
            });
        }
        return out;
    }

    public List<String> members(String groupId) {
        return unchecked(() -> identity.createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list().stream().map(User::getId).toList());
    }

    public List<String> groupsOf(String userId) {
        return unchecked(() -> identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).sorted().toList());
    }

    /** Display names (姓名) by user id; never the id itself. */
    public Map<String, String> names(Collection<String> userIds) {
        return unchecked(() -> {
            Map<String, String> out = new HashMap<>();
            if (!userIds.isEmpty()) {
                identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list()
                        .forEach(u -> out.put(u.getId(), nameOf(u)));
            }
            userIds.forEach(id -> out.putIfAbsent(id, "未登记姓名的用户"));
            return out;
        });
    }

    /** The group chat each user belongs to: their township's slug, or {@link OutboundMessage#COUNTY}. */
    public Map<String, String> chatOf(Collection<String> userIds) {
        return unchecked(() -> {
            Map<String, String> out = new HashMap<>();
            for (String u : userIds) {
                String chat = OutboundMessage.COUNTY;
                for (Group g : identity.createGroupQuery().groupMember(u).list()) {
                    chat = Groups.townshipOf(g.getId()).orElse(chat);
                }
                out.put(u, chat);
            }
            return out;
        });
    }

    static String nameOf(User u) {
        String name = ((u.getLastName() == null ? "" : u.getLastName()) + (u.getFirstName() == null ? "" : u.getFirstName())).strip();
        return name.isEmpty() ? "未登记姓名的用户" : name;
    }
}
