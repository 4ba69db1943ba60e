package cn.jingyuan.relocation.security;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.jingyuan.relocation.household.Township;
import cn.jingyuan.relocation.household.TownshipDirectory;
import cn.jingyuan.relocation.security.internal.AccountStateMapper;
import cn.jingyuan.relocation.security.internal.AccountStateRow;
import cn.jingyuan.relocation.shared.ApiException;
import cn.jingyuan.relocation.shared.FieldError;
import cn.jingyuan.relocation.shared.InvalidValueException;
import cn.jingyuan.relocation.shared.PhoneNumber;

/**
 * The accounts of the working group (contract, "Accounts"): the administrator creates them with a one-time password
 * that must be changed at the first login, changes their name, role, township or whether they may log in, and resets
 * passwords; a township reviewer reads their own township's task force. Users and groups live in Camunda's identity
 * tables; whether an account is enabled, must change its password, and its version live in {@code account_state}.
 * Every change increments the version, which every node compares at the next request: a change takes effect at once
 * everywhere, a browser session of a disabled account or of a reset password ends.
 */
@Service
public class AccountService {

    /** The roles of the contract, each with the groups it stands for. */
    public enum AccountRole {
        ADMIN(Role.ADMIN), OFFICER(Role.OFFICER), FINANCE(Role.FINANCE), DEPUTY(Role.DEPUTY), HEAD(Role.HEAD),
        TOWNSHIP_TASK_FORCE(Role.TASK_FORCE), TOWNSHIP_LEAD(Role.TOWNSHIP_LEAD);

        final Role role;

        AccountRole(Role role) {
            this.role = role;
        }

        boolean isTownshipRole() {
            return role.isTownshipRole();
        }

        List<String> groups(Township t) {
            return switch (this) {
                case ADMIN -> List.of(Groups.ADMIN);
                case OFFICER -> List.of(Groups.OFFICER);
                case FINANCE -> List.of(Groups.FINANCE);
                case DEPUTY -> List.of(Groups.DEPUTY, Groups.LEADERS);
                case HEAD -> List.of(Groups.HEAD, Groups.LEADERS);
                case TOWNSHIP_TASK_FORCE -> List.of(Groups.taskForce(t.slug()));
                case TOWNSHIP_LEAD -> List.of(Groups.townshipLead(t.slug()));
            };
        }

        static Optional<AccountRole> of(Role role) {
            for (AccountRole r : values()) {
                if (r.role == role) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** An account as the API shows it: the phone masked, never the password. */
    public record AccountView(String id, String name, String role, String roleLabel, String township, String townshipName,
                              String phone, boolean enabled, boolean mustChangePassword) {
    }

    /** A created account or a reset password: the one-time password is in this answer, once. */
    public record WithPassword(AccountView account, String oneTimePassword) {
    }

    public record CreateRequest(String id, String name, String role, String township, String phone) {
    }

    public record UpdateRequest(String name, String role, String township, Boolean enabled) {
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{1,63}");

    private final IdentityService identity;
    private final AccountStateMapper states;
    private final TownshipDirectory townships;
    private final PasswordPolicy policy;
    private final PiiCipher cipher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    AccountService(IdentityService identity, AccountStateMapper states, TownshipDirectory townships, PasswordPolicy policy,
                   PiiCipher cipher, LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.identity = identity;
        this.states = states;
        this.townships = townships;
        this.policy = policy;
        this.cipher = cipher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every account (admin), or the own township's task force (a township reviewer); 403 for anyone else. */
    @Transactional(readOnly = true)
    public List<AccountView> list(CurrentUser user) {
        List<User> users;
        if (user.has(Role.ADMIN)) {
            users = identity.createUserQuery().orderByUserId().asc().list();
        } else if (user.has(Role.TOWNSHIP_LEAD) && user.townshipSlug() != null) {
            users = identity.createUserQuery().memberOfGroup(Groups.taskForce(user.townshipSlug())).orderByUserId().asc().list();
        } else {
            throw ApiException.forbidden("账号列表仅限系统管理员和乡镇分管领导(本乡镇工作专班) (accounts are for the administrator and township reviewers)");
        }
        if (users.isEmpty()) {
            return List.of();
        }
        Map<String, AccountStateRow> byId = states.findAll(users.stream().map(User::getId).toList()).stream()
                .collect(Collectors.toMap(r -> r.userId, Function.identity()));
        return users.stream().map(u -> view(u, byId.get(u.getId()))).toList();
    }

    @Transactional
    public WithPassword create(CreateRequest r, CurrentUser by) {
        requireAdmin(by);
        List<FieldError> errors = new ArrayList<>();
        String id = r == null ? null : r.id();
        if (id == null || !ID.matcher(id).matches()) {
            errors.add(new FieldError(null, "id", id, "账号须为2–64个字母、数字、点、横线或下划线,以字母或数字开头 (2-64 of a-z 0-9 . _ -)"));
        }
        String name = r == null ? null : name(r.name(), errors, true);
        AccountRole role = r == null ? null : role(r.role(), errors, true);
        Township township = role == null ? null : township(role, r.township(), errors);
        String phone = r == null || r.phone() == null || r.phone().isBlank() ? null : phone(r.phone(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("账号信息有误 (invalid account: " + errors.stream().map(FieldError::field).collect(Collectors.joining(", ")) + ")", errors);
        }
        if (identity.createUserQuery().userId(id).count() > 0) {
            throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "冲突 (Conflict)", "账号 " + id + " 已存在 (the account exists)",
                    List.of(new FieldError(null, "id", id, "已存在")));
        }
        String password = policy.oneTimePassword();
        User u = identity.newUser(id);
        u.setLastName(name);
        u.setFirstName("");
        u.setPassword(password);
        identity.saveUser(u);
        for (String g : role.groups(township)) {
            identity.createMembership(id, g);
        }
        LocalDateTime now = LocalDateTime.now(clock);
        ensureState(id, by.id());
        states.setMustChangePassword(id, true, now, by.id());
        if (phone != null) {
            states.setPhone(id, cipher.encrypt(phone), now, by.id());
        }
        AccountView view = view(id);
        audit.record(AuditAction.CREATE, "account", id, "新建账号" + id + "(" + role.role.label() + ")", null, auditView(view));
        return new WithPassword(view, password);
    }

    @Transactional
    public AccountView update(String id, UpdateRequest r, CurrentUser by) {
        requireAdmin(by);
        User u = existing(id);
        AccountView before = view(id);
        List<FieldError> errors = new ArrayList<>();
        String name = r == null || r.name() == null ? null : name(r.name(), errors, true);
        AccountRole role = r == null || r.role() == null ? null : role(r.role(), errors, true);
        AccountRole effectiveRole = role != null ? role : before.role() == null ? null : AccountRole.valueOf(before.role());
        Township township = null;
        boolean regroup = role != null || (r != null && r.township() != null);
        if (regroup) {
            if (effectiveRole == null) {
                errors.add(FieldError.of("role", "须指定岗位 (role is required to set a township)"));
            } else {
                township = township(effectiveRole, r.township() != null ? r.township() : before.township(), errors);
            }
        }
        if (id.equals(by.id()) && ((r != null && Boolean.FALSE.equals(r.enabled())) || (role != null && role != AccountRole.ADMIN))) {
            errors.add(FieldError.of(r != null && Boolean.FALSE.equals(r.enabled()) ? "enabled" : "role",
                    "不能停用自己的账号或取消自己的管理员岗位 (not for one's own account)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("账号信息有误 (invalid account: " + errors.stream().map(FieldError::field).collect(Collectors.joining(", ")) + ")", errors);
        }
        LocalDateTime now = LocalDateTime.now(clock);
        ensureState(id, by.id());
        if (name != null) {
            u.setLastName(name);
            u.setFirstName("");
            identity.saveUser(u);
        }
        if (regroup) {
            for (Group g : identity.createGroupQuery().groupMember(id).list()) {
                if (Groups.roleOf(g.getId()).isPresent() || Groups.LEADERS.equals(g.getId())) {
                    identity.deleteMembership(id, g.getId());
                }
            }
            for (String g : effectiveRole.groups(township)) {
                identity.createMembership(id, g);
            }
        }
        if (r != null && r.enabled() != null) {
            states.setEnabled(id, r.enabled(), now, by.id());
        }
        states.touch(id, now, by.id());
        AccountView after = view(id);
        audit.record(AuditAction.UPDATE, "account", id, "修改账号" + id, auditView(before), auditView(after));
        return after;
    }

    @Transactional
    public WithPassword resetPassword(String id, CurrentUser by) {
        requireAdmin(by);
        User u = existing(id);
        String password = policy.oneTimePassword();
        u.setPassword(password);
        identity.saveUser(u);
        ensureState(id, by.id());
        states.setMustChangePassword(id, true, LocalDateTime.now(clock), by.id());
        throttle.forget(id);
        audit.record(AuditAction.UPDATE, "account", id, "重置账号" + id + "的密码(一次性密码,首次登录须修改)", null, null);
        return new WithPassword(view(id), password);
    }

    /**
     * The person changes their own password. A wrong old password counts as a failed login from that address (this is
     * no way around the throttle); the new one must follow {@link PasswordPolicy}. 400 names the rule that failed.
     */
    @Transactional
    public void changeOwnPassword(CurrentUser user, String oldPassword, String newPassword, String source) {
        List<FieldError> errors = new ArrayList<>();
        if (oldPassword == null || oldPassword.isEmpty()) {
            errors.add(FieldError.of("oldPassword", "须填写原密码 (required)"));
        }
        if (newPassword == null || newPassword.isEmpty()) {
            errors.add(FieldError.of("newPassword", "须填写新密码 (required)"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("修改密码须填写原密码和新密码 (oldPassword and newPassword are required)", errors);
        }
        LoginThrottle.Attempt attempt = throttle.begin(user.id(), source);
        if (attempt.refused()) {
            throw new ApiException(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "请稍后再试 (Too Many Requests)",
                    "失败次数过多,请稍后再试 (too many failed attempts from this address)");
        }
        if (!identity.checkPassword(user.id(), oldPassword)) {
            throttle.failed(user.id(), source, attempt.number());
            throw ApiException.badRequest("原密码不正确 (the old password is wrong)", List.of(FieldError.of("oldPassword", "原密码不正确 (wrong)")));
        }
        throttle.succeeded(user.id(), source);
        if (newPassword.equals(oldPassword)) {
            throw ApiException.badRequest("新密码不能与原密码相同 (the new password must differ)",
                    List.of(FieldError.of("newPassword", "不能与原密码相同 (must differ from the old one)")));
        }
        Optional<FieldError> broken = policy.check("newPassword", user.id(), newPassword);
        if (broken.isPresent()) {
            throw ApiException.badRequest(broken.get().message(), List.of(broken.get()));
        }
        User u = existing(user.id());
        u.setPassword(newPassword);
        identity.saveUser(u);
        ensureState(user.id(), user.id());
        states.setMustChangePassword(user.id(), false, LocalDateTime.now(clock), user.id());
        audit.record(AuditAction.UPDATE, "account", user.id(), user.id() + "修改了自己的密码", null, null);
    }

    /** The account's state as the login reads it (for the session of the person who just changed their password). */
    public AccountStateRow state(String id) {
        return states.find(id);
    }

    // ---- helpers ----

    private static void requireAdmin(CurrentUser by) {
        Access.require(by, Role.ADMIN);
    }

    private User existing(String id) {
        User u = id == null ? null : identity.createUserQuery().userId(id).singleResult();
        if (u == null) {
            throw ApiException.notFound("没有账号 " + id + " (no such account)");
        }
        return u;
    }

    private void ensureState(String id, String by) {
        if (states.exists(id) == 0) {
            try {
                states.create(id, LocalDateTime.now(clock), by);
            } catch (DuplicateKeyException raced) {
                // created meanwhile
            }
        }
    }

    private static String name(String raw, List<FieldError> errors, boolean required) {
        String n = raw == null ? null : raw.strip();
        if (n == null || n.isEmpty()) {
            if (required) {
                errors.add(FieldError.of("name", "须填写姓名 (required)"));
            }
            return null;
        }
        if (n.length() > 64) {
            errors.add(new FieldError(null, "name", n.substring(0, 20), "姓名不能超过64个字 (at most 64 characters)"));
            return null;
        }
        return n;
    }

    private static AccountRole role(String raw, List<FieldError> errors, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(FieldError.of("role", "须指定岗位 (required)"));
            }
            return null;
        }
        try {
            return AccountRole.valueOf(raw.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(null, "role", raw, "岗位应为:" + java.util.Arrays.stream(AccountRole.values())
                    .map(r -> r.name() + "(" + r.role.label() + ")").collect(Collectors.joining("、")) + " (not a role)"));
            return null;
        }
    }

    private Township township(AccountRole role, String raw, List<FieldError> errors) {
        if (!role.isTownshipRole()) {
            return null;
        }
        if (raw == null || raw.isBlank()) {
            errors.add(FieldError.of("township", "乡镇岗位须指定乡镇 (a township role needs its township)"));
            return null;
        }
        Optional<Township> t = townships.find(raw.strip());
        if (t.isEmpty()) {
            errors.add(new FieldError(null, "township", raw, "没有这个乡镇 (no such township)"));
            return null;
        }
        return t.get();
    }

    private static String phone(String raw, List<FieldError> errors) {
        try {
            return PhoneNumber.parse(raw).value();
        } catch (InvalidValueException e) {
            errors.add(new FieldError(null, "phone", null, e.getMessage()));
            return null;
        }
    }

    private AccountView view(String id) {
        return view(existing(id), states.find(id));
    }

    private AccountView view(User u, AccountStateRow state) {
        List<String> groups = identity.createGroupQuery().groupMember(u.getId()).list().stream().map(Group::getId).toList();
        Role role = groups.stream().map(Groups::roleOf).flatMap(Optional::stream).min(Comparator.naturalOrder()).orElse(null);
        String slug = groups.stream().map(Groups::townshipOf).flatMap(Optional::stream).findFirst().orElse(null);
        Township t = slug == null ? null : townships.find(slug).orElse(null);
        String name = ((u.getLastName() == null ? "" : u.getLastName()) + (u.getFirstName() == null ? "" : u.getFirstName())).strip();
        String phone = null;
        if (state != null && state.phoneCipher != null) {
            phone = PhoneNumber.mask(cipher.decrypt(state.phoneCipher));
        }
        AccountRole ar = role == null ? null : AccountRole.of(role).orElse(null);
        return new AccountView(u.getId(), name.isEmpty() ? u.getId() : name, ar == null ? null : ar.name(), role == null ? null : role.label(),
                t == null ? null : t.code(), t == null ? null : t.name(), phone, state == null || state.enabled,
                state != null && state.mustChangePassword);
    }

    private static Map<String, Object> auditView(AccountView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("role", v.role());
        m.put("township", v.townshipName());
        m.put("enabled", v.enabled());
        return m;
    }
}
