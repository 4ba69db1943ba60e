// Every htmx request carries the session's CSRF token (the pages keep CSRF protection on).
document.addEventListener('htmx:configRequest', function (e) {
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (header && token) {
    e.detail.headers[header.content] = token.content;
  }
});

// Forms with data-json-action send their fields as JSON to an /api door and show its problem+json answer: each
// error beside its field (data-error-for), the rest above the form. The English in brackets is for scripts.
function chineseOnly(message) {
  return (message || '').replace(/\s*\([^()]*[A-Za-z][^()]*\)\s*$/, '');
}

document.addEventListener('submit', function (e) {
  var form = e.target;
  var action = form.getAttribute('data-json-action');
  if (!action) {
    return;
  }
  e.preventDefault();
  var card = form.parentElement;
  var ok = card.querySelector('[data-json-success]');
  var failed = card.querySelector('[data-json-error]');
  ok.classList.add('d-none');
  failed.classList.add('d-none');
  form.querySelectorAll('.is-invalid').forEach(function (i) { i.classList.remove('is-invalid'); });
  var body = {};
  form.querySelectorAll('input[name], select[name], textarea[name]').forEach(function (i) {
    if (!i.hasAttribute('data-no-submit')) {
      body[i.name] = i.type === 'checkbox' ? i.checked : i.value;
    }
  });
  var showField = function (name, message) {
    var input = form.querySelector('[name="' + name + '"]');
    var slot = form.querySelector('[data-error-for="' + name + '"]');
    if (input && slot) {
      input.classList.add('is-invalid');
      slot.textContent = chineseOnly(message);
      return true;
    }
    return false;
  };
  var confirmField = form.getAttribute('data-confirm-field');
  if (confirmField && form.confirmPassword && form.confirmPassword.value !== body[confirmField]) {
    showField('confirmPassword', '两次输入的新密码不一致');
    return;
  }
  var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (header && token) {
    headers[header.content] = token.content;
  }
  fetch(action, {method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin'})
    .then(function (r) {
      if (r.ok) {
        ok.classList.remove('d-none');
        form.reset();
        return null;
      }
      return r.json().catch(function () { return {}; }).then(function (p) {
        var rest = [];
        (p.errors || []).forEach(function (err) {
          if (!showField(err.field, err.message)) {
            rest.push(chineseOnly(err.message));
          }
        });
        if (rest.length === 0 && !(p.errors && p.errors.length)) {
          rest.push(r.status === 404 ? '此功能尚未开通,请联系系统管理员。' : chineseOnly(p.detail || p.title || '操作未成功,请稍后再试。'));
        }
        if (rest.length) {
          failed.textContent = rest.join(';');
          failed.classList.remove('d-none');
        }
      });
    })
    .catch(function () {
      failed.textContent = '网络连接失败,请稍后再试。';
      failed.classList.remove('d-none');
    });
});
