package cn.jingyuan.relocation.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Service;

/** Reads accounts from Camunda's identity service, the one place users and groups live. */
@Service
public class AccountDirectory {

    private final IdentityService identityService;

    AccountDirectory(IdentityService identityService) {
        this.identityService = identityService;
    }

    public Optional<CurrentUser> load(String userId) {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            return Optional.empty();
        }
        List<String> groups = identityService.createGroupQuery().groupMember(userId).list().stream()
                .map(Group::getId).sorted().toList();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        String township = null;
        for (String g : groups) {
            Groups.roleOf(g).ifPresent(roles::add);
            township = Groups.townshipOf(g).orElse(township);
        }
        boolean countyWide = roles.stream().anyMatch(r -> !r.isTownshipRole());
        String name = ((user.getLastName() == null ? "" : user.getLastName()) + (user.getFirstName() == null ? "" : user.getFirstName())).strip();
        return Optional.of(new CurrentUser(userId, name.isEmpty() ? userId : name, roles, groups, countyWide ? null : township));
    }

    public boolean exists(String userId) {
        return identityService.createUserQuery().userId(userId).count() > 0;
    }

    public boolean checkPassword(String userId, String password) {
        return identityService.checkPassword(userId, password);
    }

    /** Members of a group, by user id. */
    public List<String> membersOf(String groupId) {
        return identityService.createUserQuery().memberOfGroup(groupId).list().stream().map(User::getId).sorted().toList();
    }

    public Optional<String> displayName(String userId) {
        return Optional.ofNullable(identityService.createUserQuery().userId(userId).singleResult())
                .map(u -> ((u.getLastName() == null ? "" : u.getLastName()) + (u.getFirstName() == null ? "" : u.getFirstName())).strip());
    }
}
