package gen

import (
	"fmt"
	"strconv"
)

// Registration numbers as each country's register writes them, with valid
// check digits where the register has them. Every number is random: it may
// or may not belong to a real company, and no real company's number is used
// on purpose.

func weightedSum(d string, weights ...int) int {
	s := 0
	for i, w := range weights {
		s += int(d[i]-'0') * w
	}
	return s
}

// luhnDigit is the check digit that makes body+digit pass the Luhn test.
func luhnDigit(body string) byte {
	sum := 0
	double := true // the check digit is appended, so the last body digit is doubled
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// norwegianOrgNr is nine digits, mod 11 with weights 3,2,7,6,5,4,3,2.
func norwegianOrgNr(r *rng) string {
	for {
		b := string(byte('8'+r.IntN(2))) + r.digits(7)
		k := 11 - weightedSum(b, 3, 2, 7, 6, 5, 4, 3, 2)%11
		if k == 11 {
			k = 0
		}
		if k < 10 {
			return b + strconv.Itoa(k)
		}
	}
}

// swedishOrgNr is ten digits (a limited company: 556 or 559), Luhn.
func swedishOrgNr(r *rng) string {
	b := pick(r, []string{"556", "559"}) + r.digits(6)
	return b + string(luhnDigit(b))
}

// danishCVR is eight digits, weights 2,7,6,5,4,3,2,1 summing to a multiple of 11.
func danishCVR(r *rng) string {
	for {
		b := string(byte('1'+r.IntN(9))) + r.digits(6)
		s := weightedSum(b, 2, 7, 6, 5, 4, 3, 2) % 11
		k := (11 - s) % 11
		if k < 10 {
			return b + strconv.Itoa(k)
		}
	}
}

// finnishYTunnus is seven digits and a mod-11 check (weights 7,9,10,5,8,4,2).
func finnishYTunnus(r *rng) string {
	for {
		b := string(byte('1'+r.IntN(3))) + r.digits(6)
		rem := weightedSum(b, 7, 9, 10, 5, 8, 4, 2) % 11
		switch rem {
		case 0:
			return b + "0"
		case 1:
			continue
		}
		return b + strconv.Itoa(11-rem)
	}
}

// kennitala is a company's Icelandic ID: day+40, month, year, two digits,
// a mod-11 check digit and the century digit.
func kennitala(r *rng) string {
	for {
		b := fmt.Sprintf("%02d%02d%02d%s", 41+r.IntN(28), 1+r.IntN(12), r.IntN(100), r.digits(2))
		s := weightedSum(b, 3, 2, 7, 6, 5, 4, 3, 2) % 11
		k := (11 - s) % 11
		if k == 10 {
			continue
		}
		century := "9"
		if b[4] < '2' {
			century = "0"
		}
		return b + strconv.Itoa(k) + century
	}
}

// germanVAT is DE and nine digits, ISO 7064 MOD 11,10.
func germanVAT(r *rng) string {
	b := string(byte('1'+r.IntN(9))) + r.digits(7)
	p := 10
	for i := 0; i < 8; i++ {
		s := (int(b[i]-'0') + p) % 10
		if s == 0 {
			s = 10
		}
		p = (2 * s) % 11
	}
	k := 11 - p
	if k == 10 {
		k = 0
	}
	return "DE" + b + strconv.Itoa(k)
}

// frenchSIREN is nine digits passing Luhn, written in groups of three.
func frenchSIREN(r *rng) string {
	b := string(byte('3'+r.IntN(6))) + r.digits(7)
	d := b + string(luhnDigit(b))
	return d[:3] + " " + d[3:6] + " " + d[6:]
}

// belgianEnterprise is 0NNN.NNN.NNN with a mod-97 check.
func belgianEnterprise(r *rng) string {
	b := "0" + string(byte('4'+r.IntN(5))) + r.digits(6)
	n, _ := strconv.Atoi(b)
	d := fmt.Sprintf("%s%02d", b, 97-n%97)
	return d[:4] + "." + d[4:7] + "." + d[7:]
}

// swissUID is CHE-NNN.NNN.NNN, mod 11 with weights 5,4,3,2,7,6,5,4.
func swissUID(r *rng) string {
	for {
		b := string(byte('1'+r.IntN(9))) + r.digits(7)
		k := (11 - weightedSum(b, 5, 4, 3, 2, 7, 6, 5, 4)%11) % 11
		if k == 10 {
			continue
		}
		d := b + strconv.Itoa(k)
		return "CHE-" + d[:3] + "." + d[3:6] + "." + d[6:]
	}
}

// italianVAT is eleven digits passing Luhn.
func italianVAT(r *rng) string {
	b := "0" + r.digits(9)
	return b + string(luhnDigit(b))
}

// polishNIP is ten digits, weights 6,5,7,2,3,4,5,6,7, check = sum mod 11 (never 10).
func polishNIP(r *rng) string {
	for {
		b := string(byte('1'+r.IntN(9))) + r.digits(8)
		k := weightedSum(b, 6, 5, 7, 2, 3, 4, 5, 6, 7) % 11
		if k < 10 {
			return b + strconv.Itoa(k)
		}
	}
}

// portugueseNIPC is nine digits starting with 5 (a company), mod 11.
func portugueseNIPC(r *rng) string {
	b := "5" + r.digits(7)
	k := (11 - weightedSum(b, 9, 8, 7, 6, 5, 4, 3, 2)%11) % 11 % 10
	return b + strconv.Itoa(k)
}

// spanishCIF is a company letter, seven digits and a numeric check.
func spanishCIF(r *rng) string {
	b := r.digits(7)
	sum := 0
	for i := 0; i < 7; i++ {
		d := int(b[i] - '0')
		if i%2 == 0 {
			d *= 2
			d = d/10 + d%10
		}
		sum += d
	}
	return pick(r, []string{"A", "B"}) + b + strconv.Itoa((10-sum%10)%10)
}

// austrianVAT is ATU and eight digits with the Luhn-like check.
func austrianVAT(r *rng) string {
	b := r.digits(7)
	sum := 0
	for i := 0; i < 7; i++ {
		d := int(b[i] - '0')
		if i%2 == 1 {
			d *= 2
			d = d/10 + d%10
		}
		sum += d
	}
	return "ATU" + b + strconv.Itoa((96-sum)%10)
}

// regNo is a registration number of a company of country cc as a list or
// contract writes it, "" for the countries whose lists rarely give one.
func regNo(r *rng, cc string) string {
	switch cc {
	case "NO":
		n := norwegianOrgNr(r)
		switch r.IntN(5) {
		case 0:
			return n
		case 1:
			return "NO " + n[:3] + " " + n[3:6] + " " + n[6:] + " MVA"
		}
		return n[:3] + " " + n[3:6] + " " + n[6:]
	case "SE":
		n := swedishOrgNr(r)
		if r.chance(0.1) {
			return "SE" + n + "01"
		}
		return n[:6] + "-" + n[6:]
	case "DK":
		n := danishCVR(r)
		switch r.IntN(5) {
		case 0:
			return "DK" + n
		case 1:
			return n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:]
		}
		return n
	case "FI":
		n := finnishYTunnus(r)
		if r.chance(0.15) {
			return "FI" + n
		}
		return n[:7] + "-" + n[7:]
	case "IS":
		n := kennitala(r)
		return n[:6] + "-" + n[6:]
	case "DE":
		if r.chance(0.5) {
			return germanVAT(r)
		}
		return fmt.Sprintf("HRB %d", 10000+r.IntN(240000))
	case "AT":
		if r.chance(0.5) {
			return austrianVAT(r)
		}
		return fmt.Sprintf("FN %d%c", 100000+r.IntN(500000), 'a'+rune(r.IntN(26)))
	case "CH":
		return swissUID(r)
	case "FR":
		return frenchSIREN(r)
	case "BE":
		return belgianEnterprise(r)
	case "NL":
		return fmt.Sprintf("%d", 10000000+r.IntN(89999999))
	case "LU":
		return fmt.Sprintf("B%d", 100000+r.IntN(200000))
	case "IE":
		return fmt.Sprintf("%d", 100000+r.IntN(600000))
	case "GB":
		if r.chance(0.15) {
			return fmt.Sprintf("SC%06d", r.IntN(1000000))
		}
		return fmt.Sprintf("%08d", 1000000+r.IntN(13000000))
	case "ES":
		return spanishCIF(r)
	case "IT":
		if r.chance(0.3) {
			return "IT" + italianVAT(r)
		}
		return italianVAT(r)
	case "PT":
		return portugueseNIPC(r)
	case "PL":
		n := polishNIP(r)
		if r.chance(0.4) {
			return n[:3] + "-" + n[3:6] + "-" + n[6:8] + "-" + n[8:]
		}
		return n
	}
	return ""
}
