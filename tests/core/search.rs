//! Directions, meetings and the directory searched as incoming and outgoing documents are
//! (issue #22): every typed word a whole word, the last one a prefix (the person is
//! still typing), diacritics and đ folded, nothing typed read as search syntax. A word
//! inside another word is no longer a match (it was, when each word was a substring).
//! Searching only narrows what the person may see; an edit is found by its new words at
//! once; a database from before the directions' and meetings' indexes (0026) finds what
//! it held right after the upgrade.

use crate::incoming::Office;
use crate::outgoing::{Leaders, leaders, leaders_of};
use crate::support::{TestApp, profile};
use chrono::{Duration, NaiveDate};
use vanphong::commands;
use vanphong::directions::DirectionInput;
use vanphong::directions::model::DirectionId;
use vanphong::directions::views::DirectionFilter;
use vanphong::meetings::MeetingInput;
use vanphong::meetings::agenda::ItemInput;
use vanphong::meetings::model::{MeetingFilter, MeetingId, MeetingKind, MeetingWhen};
use vanphong::org::agency::AgencyFilter;
use vanphong::org::user::UserFilter;
use vanphong::vocabulary::{Clearance, Role};

const STORMS: &str = "Xây dựng kế hoạch phòng, chống thiên tai mùa mưa bão";
const OFFICES: &str = "Đề xuất phương án sắp xếp trụ sở dôi dư";
const SECRET: &str = "Bảo vệ mục tiêu trọng điểm trong mùa mưa bão";

/// A cleared specialist of the lead department (`Secret`).
fn cleared(l: &Leaders) -> String {
    let mut p = profile("cv.kt2", Role::Specialist, Some(l.o.t.department(&l.o.admin, "KT")));
    p.clearance = Clearance::Secret;
    l.o.t.person(&l.o.admin, "cv.kt2", p).1
}

fn direction_input(l: &Leaders, content: &str, secrecy: Clearance) -> DirectionInput {
    let deadline = NaiveDate::from_ymd_opt(2026, 12, 18).unwrap();
    DirectionInput {
        secrecy: Some(secrecy),
        ..crate::directions::manual(l.vice_id, l.o.agency("so tai chinh"), content, deadline)
    }
}

/// A direction given by the holder of `token` (who follows it).
fn direction(l: &Leaders, token: &str, content: &str, secrecy: Clearance) -> DirectionId {
    let input = direction_input(l, content, secrecy);
    l.o.t.call::<commands::DirectionCreate>(Some(token), input).expect("direction created").id
}

/// The contents of the directions the holder of `token` finds for `typed`, in order.
fn directions_found(l: &Leaders, token: &str, typed: &str) -> Vec<String> {
    let filter = DirectionFilter { search: Some(typed.into()), ..Default::default() };
    let page = l.o.t.call::<commands::DirectionList>(Some(token), filter).expect("searched");
    assert_eq!(page.total as usize, page.items.len(), "counted as listed");
    let mut found: Vec<String> = page.items.into_iter().map(|r| r.content).collect();
    found.sort();
    found
}

/// What a person has typed at each letter of `phrase`.
fn letter_by_letter(phrase: &str) -> Vec<&str> {
    phrase
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(at, c)| &phrase[..at + c.len_utf8()])
        .collect()
}

#[test]
fn a_direction_is_found_at_every_letter_of_its_words_and_not_inside_other_words() {
    let l = leaders();
    let o = &l.o;
    direction(&l, &o.specialist, STORMS, Clearance::None);
    direction(&l, &o.specialist, OFFICES, Clearance::None);

    for typed in letter_by_letter("thiên tai mùa bão").into_iter().chain(letter_by_letter("Sở Tài")) {
        assert!(directions_found(&l, &o.specialist, typed).contains(&STORMS.to_string()), "{typed:?}");
    }
    // Folded: without diacritics, in capitals, đ as d; words in any order.
    let storms = vec![STORMS.to_string()];
    for typed in ["THIEN TAI", "thiên tại", "bao mua", "kế hoạch   phòng-chống"] {
        assert_eq!(directions_found(&l, &o.specialist, typed), storms, "{typed:?}");
    }
    assert_eq!(directions_found(&l, &o.specialist, "de xuat"), vec![OFFICES.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "ĐỀ XUẤT trụ s"), vec![OFFICES.to_string()]);
    // A word found inside another word is not a match ("phòng", "chống", "thiên", "dựng").
    for typed in ["hong", "ong", "ien tai", "xay ung", "thien ai", "oi du"] {
        assert_eq!(directions_found(&l, &o.specialist, typed), Vec::<String>::new(), "{typed:?}");
    }
    // Only the last word is a prefix: "thi tai" is not "thiên tai".
    assert!(directions_found(&l, &o.specialist, "thi tai").is_empty());
    // Nothing typed is search syntax.
    for typed in ["\"thien", "thien*", "tai OR bao", "NEAR(thien tai)", "thien:tai", "-bao", "( ) * ^"] {
        let filter = DirectionFilter { search: Some(typed.into()), ..Default::default() };
        o.t.call::<commands::DirectionList>(Some(&o.specialist), filter)
            .unwrap_or_else(|e| panic!("{typed}: {e:?}"));
    }
    assert_eq!(directions_found(&l, &o.specialist, "( thien ) * tai"), storms, "symbols are spaces");
    assert_eq!(directions_found(&l, &o.specialist, " - ").len(), 2, "nothing searchable: the whole list");
}

#[test]
fn a_secret_direction_is_found_only_by_those_cleared_for_it() {
    let l = leaders();
    let o = &l.o;
    let cleared = cleared(&l);
    direction(&l, &o.specialist, STORMS, Clearance::None);
    direction(&l, &cleared, SECRET, Clearance::Secret);
    assert_eq!(directions_found(&l, &o.specialist, "mua bao"), vec![STORMS.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "muc tieu"), Vec::<String>::new());
    assert_eq!(directions_found(&l, &o.specialist, "trọng đ"), Vec::<String>::new());
    assert_eq!(directions_found(&l, &o.head, "muc tieu"), Vec::<String>::new(), "nor the head of department");
    assert_eq!(directions_found(&l, &cleared, "mua bao"), vec![SECRET.to_string(), STORMS.to_string()]);
    assert_eq!(directions_found(&l, &cleared, "trọng đ"), vec![SECRET.to_string()]);
}

#[test]
fn an_edited_direction_is_found_by_its_new_words_only() {
    let l = leaders();
    let o = &l.o;
    let id = direction(&l, &o.specialist, STORMS, Clearance::None);
    assert_eq!(directions_found(&l, &o.specialist, "thien tai").len(), 1);
    let mut input = direction_input(&l, OFFICES, Clearance::None);
    input.lead_agency_id = o.agency("so xay dung");
    o.t.call::<commands::DirectionUpdate>(
        Some(&o.specialist),
        commands::DirectionUpdateRequest { id, input },
    )
    .unwrap();
    assert!(directions_found(&l, &o.specialist, "thien tai").is_empty(), "the old words are gone");
    assert!(directions_found(&l, &o.specialist, "so tai chinh").is_empty(), "and the old agency");
    assert_eq!(directions_found(&l, &o.specialist, "tru so"), vec![OFFICES.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "so xay d"), vec![OFFICES.to_string()]);
}

#[test]
fn a_direction_is_found_by_its_code_as_the_list_shows_it() {
    let l = leaders();
    let o = &l.o;
    let id = direction(&l, &o.specialist, STORMS, Clearance::None);
    let code =
        o.t.call::<commands::DirectionGet>(Some(&o.specialist), commands::DirectionRef { id })
            .unwrap()
            .row
            .code;
    assert_eq!(code, "NV 01/2026");
    for typed in ["NV 01/2026", "nv 01", "01/2026", "1/2026", "nv 1"] {
        assert_eq!(directions_found(&l, &o.specialist, typed), vec![STORMS.to_string()], "{typed:?}");
    }
}

/// The form of a new regular meeting, or of `meeting` as it stands, as the chief of office
/// opens it.
fn template(l: &Leaders, meeting: Option<MeetingId>) -> MeetingInput {
    let request = commands::MeetingTemplateRequest { kind: MeetingKind::Regular, meeting_id: meeting };
    l.o.t.call::<commands::MeetingTemplate>(Some(&l.chief), request).unwrap()
}

/// A regular meeting prepared by the chief of office, `days` from the template's day.
fn meeting(l: &Leaders, title: &str, place: &str, secrecy: Clearance, days: i64) -> MeetingId {
    let mut input = template(l, None);
    input.title = title.into();
    input.place = place.into();
    input.secrecy = secrecy;
    input.starts_at += Duration::days(days);
    input.ends_at += Duration::days(days);
    l.o.t.call::<commands::MeetingCreate>(Some(&l.chief), input).expect("meeting created").id
}

/// The titles of the meetings the holder of `token` finds for `typed`.
fn meetings_found(l: &Leaders, token: &str, typed: &str) -> Vec<String> {
    let filter = MeetingFilter { when: MeetingWhen::All, text: typed.into(), ..Default::default() };
    let page = l.o.t.call::<commands::MeetingList>(Some(token), filter).expect("searched");
    assert_eq!(page.total as usize, page.items.len(), "counted as listed");
    let mut found: Vec<String> = page.items.into_iter().map(|r| r.title).collect();
    found.sort();
    found
}

const SESSION: &str = "Phiên họp thường kỳ tháng 12 năm 2026";
const DEFENCE: &str = "Họp chuyên đề phương án phòng thủ dân sự";

#[test]
fn a_meeting_is_found_by_its_words_as_they_are_typed_and_only_by_those_cleared() {
    let l = leaders();
    let o = &l.o;
    meeting(&l, SESSION, "Hội trường Đông Hà", Clearance::None, 1);
    meeting(&l, DEFENCE, "Bộ Chỉ huy Quân sự tỉnh", Clearance::Secret, 2);

    for typed in letter_by_letter("thường kỳ tháng 12").into_iter().chain(letter_by_letter("Hoi truong dong"))
    {
        assert_eq!(meetings_found(&l, &o.specialist, typed), vec![SESSION.to_string()], "{typed:?}");
    }
    assert_eq!(meetings_found(&l, &o.specialist, "HỘI TRƯỜNG ĐÔNG HÀ"), vec![SESSION.to_string()]);
    for typed in ["uong ky", "hien hop", "ong ha", "oi truong"] {
        assert!(meetings_found(&l, &o.specialist, typed).is_empty(), "{typed:?} is inside other words");
    }
    // The secret one: the Office's specialist sees every meeting but this.
    assert_eq!(meetings_found(&l, &o.specialist, "phuong an phong"), Vec::<String>::new());
    assert_eq!(meetings_found(&l, &o.specialist, "quân sự"), Vec::<String>::new());
    assert_eq!(meetings_found(&l, &l.chief, "phuong an phong"), vec![DEFENCE.to_string()]);
    assert_eq!(meetings_found(&l, &l.chief, "hop"), vec![DEFENCE.to_string(), SESSION.to_string()]);
    assert_eq!(meetings_found(&l, &o.specialist, "hop"), vec![SESSION.to_string()]);
}

#[test]
fn a_meeting_is_found_by_its_new_title_and_its_agenda_once_changed() {
    let l = leaders();
    let o = &l.o;
    let id = meeting(&l, SESSION, "Hội trường Đông Hà", Clearance::None, 1);
    let mut input = template(&l, Some(id));
    input.title = "Phiên họp bất thường về giải ngân vốn đầu tư công".into();
    o.t.call::<commands::MeetingUpdate>(Some(&l.chief), commands::MeetingUpdateRequest { id, input })
        .unwrap();
    assert!(meetings_found(&l, &o.specialist, "thuong ky").is_empty(), "the old title is gone");
    assert_eq!(meetings_found(&l, &o.specialist, "giai ngan von").len(), 1);
    assert_eq!(meetings_found(&l, &o.specialist, "dong ha").len(), 1, "the place stays");

    // An item is found once it is on the agenda, and no longer once taken off.
    let detail =
        o.t.call::<commands::MeetingItemSave>(
            Some(&l.chief),
            commands::MeetingItemSaveRequest {
                meeting_id: id,
                item_id: None,
                input: ItemInput {
                    title: "Đề án phát triển du lịch cộng đồng".into(),
                    parent_id: None,
                    presenter_agency_id: None,
                    specialist_id: None,
                    minutes: 30,
                    decision_asked: String::new(),
                    required_agency_ids: vec![],
                    files_complete: false,
                },
            },
        )
        .unwrap();
    let item = detail.items[0].id;
    assert!(meetings_found(&l, &o.specialist, "du lich cong").is_empty(), "not yet on the agenda");
    let admit = |admit: bool| {
        let reason = "Chủ tịch yêu cầu đưa ra phiên họp".to_string();
        let request = commands::MeetingItemAdmitRequest { item_id: item, admit, reason };
        o.t.call::<commands::MeetingItemAdmit>(Some(&l.chief), request).unwrap();
    };
    admit(true);
    assert_eq!(meetings_found(&l, &o.specialist, "du lich cong").len(), 1);
    admit(false);
    assert!(meetings_found(&l, &o.specialist, "du lich cong").is_empty());
}

/// A database that had directions and meetings before migration 0027 finds them right
/// after the upgrade: its indexes are filled from what it held, in the upgrade itself.
#[test]
fn directions_and_meetings_of_a_database_from_before_their_indexes_are_found_after_the_upgrade() {
    let mut l = leaders_of(Office::of(TestApp::set_up(TestApp::on_disk())));
    let cleared = cleared(&l);
    direction(&l, &l.o.specialist, STORMS, Clearance::None);
    direction(&l, &cleared, SECRET, Clearance::Secret);
    meeting(&l, SESSION, "Hội trường Đông Hà", Clearance::None, 1);
    meeting(&l, DEFENCE, "Bộ Chỉ huy Quân sự tỉnh", Clearance::Secret, 2);

    // Stopped, and taken back to the schema as 0026 left it: no index of either, and the
    // directions' text as the program wrote it then ("nv 1 2026 …", not "nv 01 1/2026 …").
    l.o.t.reopen_from_schema(26);
    let version: i64 =
        l.o.t.app.db().read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?)).unwrap();
    assert_eq!(version, vanphong::db::schema_version(), "upgraded");
    let o = &l.o;
    assert_eq!(directions_found(&l, &o.specialist, "thien t"), vec![STORMS.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "NV 01/2026"), vec![STORMS.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "1/2026"), vec![STORMS.to_string()]);
    assert_eq!(directions_found(&l, &o.specialist, "mua bao"), vec![STORMS.to_string()]);
    assert_eq!(directions_found(&l, &cleared, "mua bao"), vec![SECRET.to_string(), STORMS.to_string()]);
    assert!(directions_found(&l, &o.specialist, "ien tai").is_empty());
    assert_eq!(meetings_found(&l, &o.specialist, "thuong k"), vec![SESSION.to_string()]);
    assert_eq!(meetings_found(&l, &l.chief, "quan su"), vec![DEFENCE.to_string()]);
    assert!(meetings_found(&l, &o.specialist, "quan su").is_empty());
    // And it goes on: a direction given after the upgrade is found beside them.
    direction(&l, &o.specialist, OFFICES, Clearance::None);
    assert_eq!(directions_found(&l, &o.specialist, "de x"), vec![OFFICES.to_string()]);
}

#[test]
fn the_directory_is_searched_by_whole_words_the_last_a_prefix() {
    let (t, admin) = TestApp::with_admin();
    let mut p = profile("x", Role::Specialist, Some(t.department(&admin, "KT")));
    p.full_name = "Đặng Thị Hồng Nhung".into();
    p.title = "Chuyên viên tham mưu".into();
    t.call::<commands::UserCreate>(
        Some(&admin),
        commands::UserCreateRequest {
            username: "nhung.dth".into(),
            password: "Lua-thom-2026".into(),
            profile: p,
        },
    )
    .unwrap();
    let people = |typed: &str| -> Vec<String> {
        let filter = UserFilter { search: Some(typed.into()), ..Default::default() };
        t.call::<commands::UserList>(Some(&admin), filter).unwrap().into_iter().map(|u| u.full_name).collect()
    };
    let nhung = vec!["Đặng Thị Hồng Nhung".to_string()];
    for typed in letter_by_letter("dang hong nhung").into_iter().chain([
        "ĐẶNG NH",
        "nhung dang",
        "tham m",
        "nhung.dth",
    ]) {
        assert_eq!(people(typed), nhung, "{typed:?}");
    }
    for typed in ["hung", "ang", "dang ong", "hong hung", "am muu", "ung dth"] {
        assert!(people(typed).is_empty(), "{typed:?} is inside other words: {:?}", people(typed));
    }

    let agencies = |typed: &str| -> Vec<String> {
        let filter = AgencyFilter { search: Some(typed.into()), limit: 500, ..Default::default() };
        t.call::<commands::AgencyList>(Some(&admin), filter)
            .unwrap()
            .items
            .into_iter()
            .map(|a| a.name)
            .collect()
    };
    for typed in letter_by_letter("Sở Tài chính") {
        assert!(agencies(typed).contains(&"Sở Tài chính".to_string()), "{typed:?}");
    }
    assert_eq!(agencies("so tai chinh"), vec!["Sở Tài chính".to_string()]);
    assert_eq!(agencies("SỞ Y"), vec!["Sở Y tế".to_string()], "only the word y, not every y inside a word");
    for typed in ["ai chinh", "o tai", "tai hinh"] {
        assert!(!agencies(typed).contains(&"Sở Tài chính".to_string()), "{typed:?}");
    }
    assert!(agencies("\"quoted' % _ (").is_empty(), "stray symbols are just text");
    assert!(agencies("%").len() > 100, "nothing searchable: the whole directory");
}
