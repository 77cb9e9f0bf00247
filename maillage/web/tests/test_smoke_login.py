from maillage.accounts.models import Role


def test_practitioner_logs_in_with_second_factor_and_sees_dashboard(client, make_member, login):
    user = make_member(Role.PRACTITIONER)
    login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert user.memberships.get().agency.name in response.content.decode()
