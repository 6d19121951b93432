package extract

import (
	"regexp"
	"strings"
)

var (
	// trailingRegNo is a registration number written after a dash at the end
	// of a name line: "– RCS B186284", "– KvK 30204462", "— CRO 515723".
	trailingRegNo = mustGuarded(`(?i)\s+[—–-]\s+(?:(?:rcs|kvk|cro|krs|nip|cvr|org\.?\s?nr\.?|org\.?\s?no\.?|y-tunnus|siren|siret|p\.?\s?iva|cif|nif|company no\.?|reg\.?\s?(?:nr|no)\.?)\.?:?\s*)?((?:hrb|hra)?\s?[a-z]{0,2}\s?\d[\d .\-/]{3,}\d)\s*$`, "—–-")
	htmlBreak     = mustGuarded(`(?i)<br\s*/?>|</p>\s*<p>|</div>\s*<div>`, "<")
	nameDash      = mustGuarded(`^(.{2,90}?)\s+[—–-]\s+(.+)$`, "—–-")
	markupName    = regexp.MustCompile(`^((?:\*\*|__)[^*_]+(?:\*\*|__)|\[[^\]]+\]\([^)]*\)|<(?:strong|b)>.*?</(?:strong|b)>)\s*,?\s*(.+)$`)
)

// hasDigit reports whether s holds an ASCII digit (what "\d" matches).
func hasDigit(s string) bool { return indexDigit(s) >= 0 }

func indexDigit(s string) int {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return i
		}
	}
	return -1
}

// splitNameAddress separates a name from the address written after it in the
// same cell or line, for documents without an address column:
//
//	"<strong>Intercom R&amp;D Unlimited Company</strong><br>2nd Floor, ...<br>Dublin 2, Ireland"
//	"Salesforce, Inc. — Salesforce Tower, 415 Mission Street, San Francisco, CA 94105"
//	"**home.pl S.A.**, ul. Zbożowa 4, 70-653 Szczecin"
//	"[Visma Software AS](https://www.visma.no), Karenslyst allé 56, 0277 Oslo"
//	"Hetzner Online GmbH, Industriestr. 25, 91710 Gunzenhausen"
//
// The rest counts as an address only when it has a number and a postcode or
// street; otherwise the text is returned whole as the name.
func splitNameAddress(s string) (name, address string) {
	s = strings.TrimSpace(s)
	if parts := htmlBreak.Split(s, -1); len(parts) > 1 {
		rest := strings.Join(trimAll(parts[1:]), ", ")
		if looksLikeAddress(rest) {
			return strings.TrimSpace(parts[0]), rest
		}
	}
	if m := markupName.FindStringSubmatch(s); m != nil && looksLikeAddress(m[2]) {
		return m[1], strings.TrimSpace(m[2])
	}
	if m := nameDash.FindStringSubmatch(s); m != nil && looksLikeAddress(m[2]) && !hasDigit(m[1]) {
		return strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	}
	// "Name <legal form>, street, postcode city": cut after the legal form.
	// The address after the comma needs a digit: no comma after the last one counts.
	lastDigit := strings.LastIndexAny(s, "0123456789")
	for i := 0; i < lastDigit; i++ {
		if s[i] != ',' {
			continue
		}
		head, rest := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		if len(rest) > 200 {
			continue // too long for an address
		}
		bare := strings.TrimRight(head, "*¹²³⁴⁵⁶⁷⁸⁹†‡ ")
		if k := strings.LastIndex(bare, " ("); k > 0 && strings.HasSuffix(bare, ")") {
			bare = strings.TrimSpace(bare[:k]) // "ActiveCampaign, LLC (Postmark)"
		}
		if !hasDigit(bare) && legalForm.MatchString(bare) && looksLikeAddress(rest) {
			return head, rest
		}
	}
	return s, ""
}

// looksLikeAddress: a number, and a postcode or a street-like part.
func looksLikeAddress(s string) bool {
	if !hasDigit(s) || len(s) > 200 {
		return false
	}
	if postcode.MatchString(s) {
		return true
	}
	for _, part := range strings.Split(s, ",") {
		if streetLine.MatchString(strings.TrimSpace(part)) {
			return true
		}
	}
	return false
}

func trimAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitNameLine reads a block's name line that carries more than the name:
// "Amazon Web Services EMEA SARL, 38 Avenue John F. Kennedy, L-1855
// Luxemburg – RCS B186284" gives the name, the address and the number.
func splitNameLine(s string) (name, address, regNo string) {
	if m := trailingRegNo.FindStringSubmatchIndex(s); m != nil {
		regNo = strings.TrimSpace(s[m[2]:m[3]])
		s = strings.TrimSpace(s[:m[0]])
	}
	name, address = splitNameAddress(s)
	return name, address, regNo
}
